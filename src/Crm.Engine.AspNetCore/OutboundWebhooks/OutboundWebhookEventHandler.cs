using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>
/// Turns committed domain events into outbox messages on the <c>webhook</c> channel, one per matching subscription,
/// so deliveries get the outbox's retries, backoff and attempt log. Messaging events are never delivered: a webhook
/// delivery raises them itself.
/// </summary>
internal sealed class OutboundWebhookEventHandler(IServiceProvider services, IOptionsMonitor<OutboundWebhookOptions> options) : ICrmEventHandler<CrmEvent>
{
    public async Task HandleAsync(CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        if (crmEvent is MessageQueued or MessageDelivered or MessageFailed)
        {
            return;
        }

        var name = EventName(crmEvent);
        var subscriptions = options.CurrentValue.Subscriptions
            .Where(s => (s.TenantId is null || s.TenantId == crmEvent.TenantId) && (s.Events.Count == 0 || s.Events.Contains(name)))
            .ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.Serialize(new OutboundWebhookEnvelope(crmEvent.EventId, name, crmEvent.TenantId, crmEvent.OccurredAt, crmEvent), CrmJson.Options);
        var crm = services.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(crmEvent.TenantId));
        foreach (var subscription in subscriptions)
        {
            await crm.Messages.EnqueueAsync(new MessageRequest
            {
                Channel = OutboundWebhookOptions.Channel,
                Recipient = subscription.Url.AbsoluteUri,
                TextBody = body,
                IdempotencyKey = $"webhook:{subscription.Id}:{crmEvent.EventId:N}",
                Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    [OutboundWebhookOptions.SubscriptionHeader] = subscription.Id,
                    [OutboundWebhookOptions.EventHeader] = name,
                    [OutboundWebhookOptions.EventIdHeader] = crmEvent.EventId.ToString(),
                },
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The event's type name in camel case: <c>CustomerCreated</c> is <c>customerCreated</c>.</summary>
    public static string EventName(CrmEvent crmEvent)
    {
        var type = crmEvent.GetType().Name;
        return char.ToLowerInvariant(type[0]) + type[1..];
    }
}
