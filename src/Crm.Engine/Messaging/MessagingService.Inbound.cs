using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Messaging;

/// <summary>Inbound recording: customer matching, leads, reply threading, deduplication and auto-replies, in one unit of work.</summary>
internal sealed partial class MessagingService
{
    private const string InboundEntity = nameof(InboundMessage);
    private const int MaxExternalIdLength = 200;

    public async Task<InboundResult> ReceiveAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesSend);
        ArgumentNullException.ThrowIfNull(message);
        ValidateInbound(message);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.inbound.receive");
        activity?.SetTag("crm.tenant", caller.TenantId);
        activity?.SetTag("crm.channel", message.Channel);
        InboundResult? result = null;
        await AmbientUnitOfWork.RunAsync(engine, caller, async token => result = await RecordInboundAsync(message, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        MessagingMetrics.Inbound.Add(1, new KeyValuePair<string, object?>("channel", message.Channel), new KeyValuePair<string, object?>("result", result!.Duplicate ? "duplicate" : "recorded"));
        if (result.Duplicate)
        {
            MessagingLog.InboundDuplicate(_logger, message.Channel, result.Interaction.Id, caller.TenantId);
        }
        else
        {
            MessagingLog.InboundRecorded(_logger, message.Channel, result.Interaction.Id, result.CustomerId, result.CreatedLead, caller.TenantId);
        }

        return result;
    }

    public async Task<WebhookOutcome> HandleWebhookAsync(string source, InboundWebhookRequest request, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.MessagesSend);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.TenantId, caller.TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(caller.TenantId, request.TenantId);
        }

        var router = engine.Services.GetRequiredService<ChannelRouter>();
        var verdict = await router.HandleWebhookAsync(source, request, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException("Webhook handler", source, "Register an IInboundWebhookHandler in code (its Channel is the source) or load a plugin with that id that provides one.");
        if (!verdict.IsAccepted)
        {
            MessagingMetrics.Inbound.Add(1, new KeyValuePair<string, object?>("channel", source), new KeyValuePair<string, object?>("result", "rejected"));
            MessagingLog.WebhookRejected(_logger, source, verdict.Rejection!.Value, verdict.Reason, caller.TenantId);
            return new WebhookOutcome(verdict, []);
        }

        var received = new List<InboundResult>(verdict.Messages.Count);
        foreach (var message in verdict.Messages)
        {
            received.Add(await ReceiveAsync(message, cancellationToken).ConfigureAwait(false));
        }

        return new WebhookOutcome(verdict, received);
    }

    private async Task<InboundResult> RecordInboundAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var interactionId = Guid.CreateVersion7(now);
            if (!await session.Inbound.TryRecordReceiptAsync(message.Channel, message.ExternalId, interactionId, message.ReceivedAt, cancellationToken).ConfigureAwait(false))
            {
                return await DuplicateAsync(session, message, cancellationToken).ConfigureAwait(false);
            }

            var (customer, createdLead) = await MatchSenderAsync(message, cancellationToken).ConfigureAwait(false);
            var repliedTo = message.InReplyTo is { Length: > 0 } inReplyTo ? await FindRepliedToAsync(session, inReplyTo, cancellationToken).ConfigureAwait(false) : null;
            var interaction = InboundInteraction(message, interactionId, customer.Id, repliedTo, now);
            var errors = new ValidationErrors();
            InteractionValidator.Validate(interaction, errors);
            errors.ThrowIfAny(nameof(Interaction));
            var stored = await session.Interactions.InsertAsync(interaction, cancellationToken).ConfigureAwait(false);
            await engine.Events.PublishAsync(new InteractionRecorded(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
            var replies = await AutoReplyAsync(message, customer, createdLead, stored, now, cancellationToken).ConfigureAwait(false);
            return new InboundResult(stored, customer.Id, createdLead, Duplicate: false) { RepliesTo = repliedTo?.Id, AutoReplies = replies };
        }
    }

    private async Task<InboundResult> DuplicateAsync(IStorageSession session, InboundMessage message, CancellationToken cancellationToken)
    {
        var interactionId = await session.Inbound.FindReceiptAsync(message.Channel, message.ExternalId, cancellationToken).ConfigureAwait(false);
        var earlier = interactionId is { } id ? await session.Interactions.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (earlier is null)
        {
            // The receipt outlived its interaction (the customer was erased): the message stays consumed, never re-created.
            throw new CrmNotFoundException(nameof(Interaction), interactionId ?? Guid.Empty);
        }

        return new InboundResult(earlier, earlier.CustomerId, CreatedLead: false, Duplicate: true);
    }

    private async Task<(Customer Customer, bool CreatedLead)> MatchSenderAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var condition = ContactAddresses.MatchCondition(message.Channel, message.SenderAddress);
        var matches = await context.Customers.SearchAsync(condition, new PageRequest(1), cancellationToken).ConfigureAwait(false);
        if (matches.Items.Count > 0)
        {
            return (matches.Items[0], false);
        }

        var lead = ContactAddresses.NewLead(message.Channel, message.SenderAddress, message.SenderName);
        return (await context.Customers.CreateAsync(lead, cancellationToken).ConfigureAwait(false), true);
    }

    private static async Task<Interaction?> FindRepliedToAsync(IStorageSession session, string inReplyTo, CancellationToken cancellationToken)
    {
        var filter = ConditionBinder.Bind(new ComparisonCondition("externalId", ComparisonOperator.Eq, new StringValue(inReplyTo)), CrmFields.Interaction);
        var page = await session.Interactions.QueryAsync(new StorageQuery { Filter = filter, Page = new PageRequest(1) }, cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    private Interaction InboundInteraction(InboundMessage message, Guid id, Guid customerId, Interaction? repliedTo, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>(message.Metadata, StringComparer.Ordinal)
        {
            ["sender"] = message.SenderAddress,
        };
        if (message.InReplyTo is not null)
        {
            metadata["inReplyTo"] = message.InReplyTo;
        }

        if (repliedTo is not null)
        {
            metadata["repliesToInteractionId"] = repliedTo.Id.ToString("D", CultureInfo.InvariantCulture);
        }

        return new Interaction
        {
            Id = id,
            TenantId = caller.TenantId,
            CustomerId = customerId,
            Channel = message.Channel,
            Direction = InteractionDirection.Inbound,
            OccurredAt = message.ReceivedAt,
            Subject = message.Subject,
            Body = message.TextBody,
            ExternalId = message.ExternalId,
            Metadata = metadata,

            // A reply continues the thread of what it answers: the deal, case or campaign stays attached.
            DealId = repliedTo?.DealId,
            CaseId = repliedTo?.CaseId,
            CampaignId = repliedTo?.CampaignId,
            CreatedAt = now,
        };
    }

    private async Task<IReadOnlyList<Guid>> AutoReplyAsync(InboundMessage message, Customer customer, bool createdLead, Interaction inbound, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rule = engine.Services.GetRequiredService<AutoReplies>().Match(message, customer, createdLead, now);
        if (rule is null || await RepliedRecentlyAsync(rule, customer.Id, now, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { [AutoReplyHeader] = rule.Name };
        if (message.Channel == InteractionChannels.Email)
        {
            headers["In-Reply-To"] = message.ExternalId;
            headers["References"] = message.ExternalId;
        }

        var reply = await EnqueueAsync(new MessageRequest
        {
            Channel = message.Channel,
            CustomerId = customer.Id,
            Recipient = message.SenderAddress,
            TemplateId = rule.TemplateId,
            Data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["subject"] = message.Subject, ["channel"] = message.Channel },
            IdempotencyKey = $"auto-reply:{rule.Name}:{inbound.Id:N}",
            Headers = headers,
            DealId = inbound.DealId,
            CaseId = inbound.CaseId,
        }, cancellationToken).ConfigureAwait(false);
        MessagingLog.AutoReplied(_logger, rule.Name, inbound.Id, reply.Id);
        return [reply.Id];
    }

    /// <summary>The header that marks a message as an auto-reply (and by which rule), for cooldowns and for receivers.</summary>
    internal const string AutoReplyHeader = "X-Crm-Auto-Reply";

    private async Task<bool> RepliedRecentlyAsync(AutoReplyRule rule, Guid customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rule.Cooldown <= TimeSpan.Zero)
        {
            return false;
        }

        var recent = await ListAsync(new OutboxQuery { CustomerId = customerId, Page = new PageRequest(50) }, cancellationToken).ConfigureAwait(false);
        return recent.Items.Any(m => m.CreatedAt > now - rule.Cooldown
            && m.Headers.TryGetValue(AutoReplyHeader, out var name) && string.Equals(name, rule.Name, StringComparison.Ordinal));
    }

    private static void ValidateInbound(InboundMessage message)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(message.Channel))
        {
            errors.Add("channel", "is required.", "required");
        }

        if (string.IsNullOrWhiteSpace(message.ExternalId) || message.ExternalId.Length > MaxExternalIdLength)
        {
            errors.Add("externalId", $"is required and has at most {MaxExternalIdLength} characters: the provider's message id deduplicates redeliveries.", "required");
        }

        if (string.IsNullOrWhiteSpace(message.SenderAddress))
        {
            errors.Add("senderAddress", "is required: it matches the sender to a customer.", "required");
        }

        if (message.TextBody is null)
        {
            errors.Add("textBody", "is required (it may be empty).", "required");
        }

        if (message.ReceivedAt == default)
        {
            errors.Add("receivedAt", "is required.", "required");
        }

        errors.ThrowIfAny(InboundEntity);
    }
}
