using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>
/// Loyalty: the installed program, a customer's balance and tier, their ledger (oldest first, paged), redemptions and
/// direct postings. Without a loyalty program every endpoint answers 501 (<see cref="LoyaltyProblems.NotInstalled"/>).
/// </summary>
internal static class LoyaltyEndpoints
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder api)
    {
        var loyalty = api.MapGroup("").WithTags("Loyalty")
            .ProducesProblem(StatusCodes.Status501NotImplemented);
        loyalty.MapGet("/loyalty/program", ProgramAsync).WithName("GetLoyaltyProgram").Produces<LoyaltyProgramDefinition>();
        loyalty.MapGet("/customers/{customerId:guid}/loyalty", BalanceAsync).WithName("GetLoyaltyBalance")
            .Produces<LoyaltyBalance>().ProducesProblem(StatusCodes.Status404NotFound);
        loyalty.MapGet("/customers/{customerId:guid}/loyalty/ledger", LedgerAsync).WithName("GetLoyaltyLedger")
            .Produces<Page<LoyaltyLedgerEntry>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        loyalty.MapPost("/customers/{customerId:guid}/loyalty/redemptions", RedeemAsync).WithName("RedeemLoyaltyPoints")
            .Accepts<LoyaltyRedemptionRequest>("application/json")
            .Produces<LoyaltyPostingResult>(StatusCodes.Status201Created).Produces<LoyaltyPostingResult>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        loyalty.MapPost("/customers/{customerId:guid}/loyalty/postings", PostAsync).WithName("PostLoyaltyPoints")
            .Accepts<LoyaltyPostingRequest>("application/json")
            .Produces<LoyaltyPostingResult>(StatusCodes.Status201Created).Produces<LoyaltyPostingResult>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ProgramAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryGetLoyalty(http, out var loyalty, out var problem))
        {
            return problem;
        }

        return TypedResults.Json(await loyalty.GetProgramAsync(cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static async Task<IResult> BalanceAsync(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryGetLoyalty(http, out var loyalty, out var problem))
        {
            return problem;
        }

        // The loyalty read comes first so a caller without loyalty.read is refused before the customer is looked up.
        var account = await loyalty.GetAccountAsync(customerId, cancellationToken).ConfigureAwait(false);
        var program = await loyalty.GetProgramAsync(cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            await RequireCustomerAsync(http, customerId, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Json(LoyaltyBalance.From(customerId, program.Name, account), CrmJson.Options);
    }

    private static async Task<IResult> LedgerAsync(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryGetLoyalty(http, out var loyalty, out var problem))
        {
            return problem;
        }

        var page = await loyalty.GetLedgerAsync(customerId, http.Request.ReadPage(), cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 0)
        {
            // An empty ledger is a customer who never earned, or no customer at all: only the second is a 404.
            await RequireCustomerAsync(http, customerId, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Json(page, CrmJson.Options);
    }

    private static async Task<IResult> RedeemAsync(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryGetLoyalty(http, out var loyalty, out var problem))
        {
            return problem;
        }

        var body = await CrmJson.ReadBodyAsync<LoyaltyRedemptionRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var posting = new LoyaltyPosting
        {
            CustomerId = customerId,
            Kind = LoyaltyEntryKind.Redeem,
            Points = body.Points,
            Reason = body.Reason ?? "",
            IdempotencyKey = IdempotencyKeyOf(http, body.IdempotencyKey),
            SourceId = body.SourceId,
        };
        return await PostingAsync(http, loyalty, posting, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> PostAsync(Guid customerId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!TryGetLoyalty(http, out var loyalty, out var problem))
        {
            return problem;
        }

        var body = await CrmJson.ReadBodyAsync<LoyaltyPostingRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var posting = new LoyaltyPosting
        {
            CustomerId = customerId,
            Kind = body.Kind,
            Points = body.Points,
            Reason = body.Reason ?? "",
            IdempotencyKey = IdempotencyKeyOf(http, body.IdempotencyKey),
            SourceId = body.SourceId,
        };
        return await PostingAsync(http, loyalty, posting, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> PostingAsync(HttpContext http, ILoyaltyService loyalty, LoyaltyPosting posting, CancellationToken cancellationToken)
    {
        LoyaltyResult result;
        try
        {
            result = await loyalty.PostAsync(posting, cancellationToken).ConfigureAwait(false);
        }
        catch (CrmValidationException e)
        {
            // The engine names the posting's fields (posting.points); over HTTP they are the body's (points).
            throw new CrmValidationException([.. e.Errors.Select(error => error.Path.StartsWith("posting.", StringComparison.Ordinal) ? error with { Path = error.Path["posting.".Length..] } : error)]);
        }

        var program = await loyalty.GetProgramAsync(cancellationToken).ConfigureAwait(false);
        var answer = new LoyaltyPostingResult(result.Entries, LoyaltyBalance.From(posting.CustomerId, program.Name, result.Account), result.Duplicate);
        return TypedResults.Json(answer, CrmJson.Options, statusCode: result.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static string IdempotencyKeyOf(HttpContext http, string? fromBody) =>
        !string.IsNullOrWhiteSpace(fromBody) ? fromBody : http.Request.Headers[IdempotencyKeyHeader].ToString();

    private static async Task RequireCustomerAsync(HttpContext http, Guid customerId, CancellationToken cancellationToken)
    {
        _ = await CrmCallerFilter.Get(http).Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), customerId);
    }

    private static bool TryGetLoyalty(HttpContext http, out ILoyaltyService loyalty, out IResult problem)
    {
        try
        {
            loyalty = CrmCallerFilter.Get(http).Loyalty;
            problem = null!;
            return true;
        }
        catch (NotSupportedException e)
        {
            loyalty = null!;
            problem = LoyaltyProblems.NotInstalled(http, e.Message);
            return false;
        }
    }
}
