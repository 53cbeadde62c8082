using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Crm.Engine.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Messaging;

/// <summary>Implements outbox messaging and inbound recording for one caller.</summary>
internal sealed partial class MessagingService(CrmEngine engine, CrmCaller caller, ICrmContext context) : IMessagingService
{
    private const string Entity = "Message";
    private const int MaxKeyLength = 200;
    private readonly ILogger _logger = engine.CreateLogger(typeof(MessagingService).FullName!);

    public async Task<OutboxMessage> EnqueueAsync(MessageRequest request, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesSend);
        ArgumentNullException.ThrowIfNull(request);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var (stored, queued) = await EnqueueAsync(session, engine.Time.GetUtcNow(), context.Templates, caller.UserId, request, cancellationToken).ConfigureAwait(false);
            if (queued is not null)
            {
                await engine.Events.PublishAsync(queued, cancellationToken).ConfigureAwait(false);
            }

            return stored;
        }
    }

    /// <summary>
    /// Renders and enqueues a message through <paramref name="session"/>, joining its transaction. Returns the event to
    /// raise once the transaction commits (null when the idempotency key was used before and nothing was written).
    /// </summary>
    internal static async Task<(OutboxMessage Message, MessageQueued? Queued)> EnqueueAsync(
        IStorageSession session, DateTimeOffset now, ITemplateService templates, string actor, MessageRequest request, CancellationToken cancellationToken)
    {
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.outbox.enqueue");
        activity?.SetTag("crm.tenant", session.TenantId);
        Validate(request);
        Customer? customer = null;
        if (request.CustomerId is { } customerId)
        {
            customer = await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), customerId);
        }

        var recipient = request.Recipient ?? (customer is null ? null : ContactAddresses.RecipientFor(customer, request.Channel));
        if (string.IsNullOrWhiteSpace(recipient))
        {
            throw new CrmValidationException("recipient", $"customer '{request.CustomerId}' has no address for channel '{request.Channel}' ({Describe(request.Channel)}); pass MessageRequest.Recipient.", "required");
        }

        var (subject, text, html) = request.TemplateId is { } templateId
            ? Render(templates, templateId, request, customer)
            : (request.Subject, request.TextBody!, request.HtmlBody);
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = session.TenantId,
            Channel = request.Channel,
            CustomerId = customer?.Id,
            Recipient = recipient.Trim(),
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
            Headers = request.Headers,
            IdempotencyKey = request.IdempotencyKey ?? "msg:" + Guid.CreateVersion7(now).ToString("N"),
            Purpose = request.Purpose,
            Status = OutboxStatus.Pending,
            NextAttemptAt = request.NotBefore is { } notBefore && notBefore > now ? notBefore : now,
            TemplateId = request.TemplateId,
            DealId = request.DealId,
            CaseId = request.CaseId,
            CampaignId = request.CampaignId,
            CampaignVariant = request.CampaignVariant,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var stored = await session.Outbox.EnqueueAsync(message, cancellationToken).ConfigureAwait(false);
        if (stored.Id != message.Id)
        {
            return (stored, null);
        }

        MessagingMetrics.Enqueued.Add(1, new KeyValuePair<string, object?>("channel", message.Channel));
        return (stored, new MessageQueued(stored) { EventId = Guid.CreateVersion7(now), TenantId = session.TenantId, OccurredAt = now, Actor = actor });
    }

    public async Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Outbox.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Page<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesRead);
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Outbox.ListAsync(query, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<OutboxAttempt>> GetAttemptsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Outbox.GetAttemptsAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesSend);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (!await session.Outbox.RequeueAsync(id, now, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        var dispatcher = engine.Services.GetService<OutboxDispatcher>();
        if (dispatcher is not null)
        {
            AmbientUnitOfWork.RunAfterCommit(engine, () => dispatcher.Notify(now));
        }

        return true;
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesSend);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Outbox.CancelAsync(id, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string? Subject, string Text, string? Html) Render(ITemplateService templates, string templateId, MessageRequest request, Customer? customer)
    {
        var rendered = templates.Render(templateId, request.Channel, new TemplateModel { Customer = customer, Data = request.Data });
        return (rendered.Subject, rendered.Text, rendered.Html);
    }

    private static void Validate(MessageRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Channel))
        {
            errors.Add("channel", "is required, such as 'email'.", "required");
        }

        if (request.CustomerId is null && string.IsNullOrWhiteSpace(request.Recipient))
        {
            errors.Add("recipient", "is required when no customerId is given.", "required");
        }

        if (request.TemplateId is null && string.IsNullOrEmpty(request.TextBody))
        {
            errors.Add("textBody", "is required when no templateId is given.", "required");
        }

        if (request.TemplateId is not null && (request.TextBody is not null || request.HtmlBody is not null || request.Subject is not null))
        {
            errors.Add("templateId", "a message comes from a template or from literal subject and bodies, not both.", "exclusive");
        }

        if (string.IsNullOrWhiteSpace(request.Purpose))
        {
            errors.Add("purpose", "is required, such as 'transactional' or 'marketing'.", "required");
        }

        if (request.IdempotencyKey is { } key && (key.Length == 0 || key.Length > MaxKeyLength))
        {
            errors.Add("idempotencyKey", $"must have 1 to {MaxKeyLength} characters.", "length");
        }

        errors.ThrowIfAny(Entity);
    }

    private static string Describe(string channel) => channel switch
    {
        InteractionChannels.Email => "it has no email address",
        InteractionChannels.Phone or InteractionChannels.Sms => "it has no phone number",
        _ => $"it has no '{ContactAddresses.HandleAttribute(channel)}' attribute",
    };
}
