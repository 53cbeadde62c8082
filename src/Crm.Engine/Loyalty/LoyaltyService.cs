using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Implements <see cref="ILoyaltyService"/> for one caller: checks permissions and input, opens the caller's session
/// (joining an ambient unit of work), hands the work to the installed program and publishes the events it returns
/// (held back until the unit commits).
/// </summary>
internal sealed class LoyaltyService(CrmEngine engine, CrmCaller caller, ILoyaltyProgramCaller program) : ILoyaltyService
{
    private const int MaxKeyLength = 200;
    private const int MaxReasonLength = 500;
    private const int DuePageSize = 200;

    public async Task<LoyaltyProgramDefinition> GetProgramAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LoyaltyRead);
        return await program.GetDefinitionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoyaltyAccount?> GetAccountAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LoyaltyRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Loyalty.GetAccountAsync(customerId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Page<LoyaltyLedgerEntry>> GetLedgerAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LoyaltyRead);
        var request = PageRequests.Resolve(engine.Options, page);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Loyalty.ListEntriesAsync(customerId, request, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<LoyaltyResult> EarnAsync(LoyaltyEarningEvent earning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(earning);
        engine.Access.Demand(caller, CrmPermissions.LoyaltyWrite);
        var errors = new List<ValidationError>();
        RequireCustomer(earning.CustomerId, "earning.customerId", errors);
        RequireText(earning.Kind, "earning.kind", 64, errors);
        RequireText(earning.SourceId, "earning.sourceId", MaxKeyLength, errors);
        ThrowIfAny(errors);
        return await RunAsync(earning.CustomerId, (session, token) => program.EarnAsync(session, earning, caller.UserId, token), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoyaltyResult> PostAsync(LoyaltyPosting posting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posting);
        engine.Access.Demand(caller, CrmPermissions.LoyaltyWrite);
        var errors = new List<ValidationError>();
        RequireCustomer(posting.CustomerId, "posting.customerId", errors);
        RequireText(posting.Reason, "posting.reason", MaxReasonLength, errors);
        RequireText(posting.IdempotencyKey, "posting.idempotencyKey", MaxKeyLength, errors);
        switch (posting.Kind)
        {
            case LoyaltyEntryKind.Earn or LoyaltyEntryKind.Redeem when posting.Points <= 0:
                errors.Add(new ValidationError("posting.points", $"An award or redemption needs more than 0 points; it has {posting.Points}.") { Rule = "range" });
                break;
            case LoyaltyEntryKind.Adjust when posting.Points == 0:
                errors.Add(new ValidationError("posting.points", "An adjustment cannot be of 0 points.") { Rule = "range" });
                break;
            case LoyaltyEntryKind.Expire:
                errors.Add(new ValidationError("posting.kind", "Expiry is written by the program (MaintainAsync); post an award, a redemption or an adjustment.") { Rule = "enum" });
                break;
        }

        ThrowIfAny(errors);
        var result = await RunAsync(posting.CustomerId, (session, token) => program.PostAsync(session, posting, caller.UserId, token), cancellationToken).ConfigureAwait(false);
        return result.InsufficientBalance
            ? throw new CrmInsufficientPointsException(posting.CustomerId, Math.Abs(posting.Points), result.Account?.Balance ?? 0)
            : result;
    }

    public async Task<LoyaltyResult> MaintainAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LoyaltyWrite);
        return await RunAsync(null, (session, token) => program.MaintainAsync(session, customerId, caller.UserId, token), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> MaintainDueAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.LoyaltyWrite);
        var done = new HashSet<Guid>();
        while (true)
        {
            IReadOnlyList<Guid> due;
            var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                due = await session.Loyalty.ListDueAccountsAsync(engine.Time.GetUtcNow(), DuePageSize, cancellationToken).ConfigureAwait(false);
            }

            var fresh = due.Where(done.Add).ToList();
            foreach (var customerId in fresh)
            {
                await MaintainAsync(customerId, cancellationToken).ConfigureAwait(false);
            }

            // An account still due after its maintenance (one that cannot be cleared) must not loop forever.
            if (fresh.Count == 0 || due.Count < DuePageSize)
            {
                return done.Count;
            }
        }
    }

    private async Task<LoyaltyResult> RunAsync(Guid? customerToCheck, Func<IStorageSession, CancellationToken, ValueTask<LoyaltyResult>> work, CancellationToken cancellationToken)
    {
        LoyaltyResult result;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (customerToCheck is { } customerId)
            {
                _ = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
                    ?? throw new CrmNotFoundException(nameof(Customer), customerId);
            }

            result = await work(session, cancellationToken).ConfigureAwait(false);
        }

        foreach (var raised in result.Events)
        {
            await engine.Events.PublishAsync(raised, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static void RequireCustomer(Guid customerId, string path, List<ValidationError> errors)
    {
        if (customerId == Guid.Empty)
        {
            errors.Add(new ValidationError(path, "A customer id is required.") { Rule = "required" });
        }
    }

    private static void RequireText(string? value, string path, int maxLength, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new ValidationError(path, "A value is required.") { Rule = "required" });
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new ValidationError(path, $"At most {maxLength} characters are allowed; it has {value.Length}.") { Rule = "maxLength" });
        }
    }

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new CrmValidationException(errors);
        }
    }
}
