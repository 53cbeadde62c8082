using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Engine.AspNetCore;

/// <summary>The outbox: enqueue a message, read it, list, see its attempts, requeue or cancel it.</summary>
internal static class MessageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/messages").WithTags("Messages");
        group.MapPost("/", EnqueueAsync).WithName("EnqueueMessage")
            .Accepts<MessageRequest>("application/json").Produces<OutboxMessage>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListMessages").Produces<Page<OutboxMessage>>();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetMessage").Produces<OutboxMessage>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/attempts", AttemptsAsync).WithName("GetMessageAttempts").Produces<IReadOnlyList<OutboxAttempt>>();
        group.MapPost("/{id:guid}/requeue", RequeueAsync).WithName("RequeueMessage")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelMessage")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> EnqueueAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var input = await CrmJson.ReadBodyAsync<MessageRequest>(http.Request, cancellationToken).ConfigureAwait(false);
        var message = await CrmCallerFilter.Get(http).Messages.EnqueueAsync(input, cancellationToken).ConfigureAwait(false);
        return LocatedResult.Created(http, message, message.Id.ToString());
    }

    private static async Task<IResult> ListAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var query = new OutboxQuery
        {
            Status = ParseStatus(http.Request.Query["status"].ToString()),
            CustomerId = ParseGuid(http.Request.Query["customerId"].ToString(), "customerId"),
            CampaignId = ParseGuid(http.Request.Query["campaignId"].ToString(), "campaignId"),
            Page = http.Request.ReadPage(),
        };
        return TypedResults.Json(await CrmCallerFilter.Get(http).Messages.ListAsync(query, cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var message = await CrmCallerFilter.Get(http).Messages.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException("Outbox message", id);
        return TypedResults.Json(message, CrmJson.Options);
    }

    private static async Task<IResult> AttemptsAsync(Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var crm = CrmCallerFilter.Get(http);
        _ = await crm.Messages.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException("Outbox message", id);
        return TypedResults.Json(await crm.Messages.GetAttemptsAsync(id, cancellationToken).ConfigureAwait(false), CrmJson.Options);
    }

    private static Task<IResult> RequeueAsync(Guid id, HttpContext http, CancellationToken cancellationToken) =>
        ChangeAsync(id, http, (messages, token) => messages.RequeueAsync(id, token), "requeued", cancellationToken);

    private static Task<IResult> CancelAsync(Guid id, HttpContext http, CancellationToken cancellationToken) =>
        ChangeAsync(id, http, (messages, token) => messages.CancelAsync(id, token), "cancelled", cancellationToken);

    // The service answers false both for a missing message and for one whose status forbids the change: tell them apart.
    private static async Task<IResult> ChangeAsync(Guid id, HttpContext http, Func<IMessagingService, CancellationToken, Task<bool>> change, string verb, CancellationToken cancellationToken)
    {
        var messages = CrmCallerFilter.Get(http).Messages;
        if (await change(messages, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NoContent();
        }

        var message = await messages.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new CrmNotFoundException("Outbox message", id);
        return CrmProblems.Result(CrmProblems.Create(StatusCodes.Status409Conflict, $"The message cannot be {verb}.",
            $"Outbox message '{id}' is {message.Status}; it cannot be {verb} in that status.", ("status", message.Status.ToString())));
    }

    private static OutboxStatus? ParseStatus(string text) =>
        text.Length == 0 ? null
        : Enum.TryParse<OutboxStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status
        : throw new CrmValidationException("status", $"'{text}' is not an outbox status; use one of {string.Join(", ", Enum.GetNames<OutboxStatus>())}.", "enum");

    private static Guid? ParseGuid(string text, string parameter) =>
        text.Length == 0 ? null
        : Guid.TryParse(text, out var id) ? id
        : throw new CrmValidationException(parameter, $"'{text}' is not an id (a GUID).", "guid");
}
