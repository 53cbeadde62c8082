using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Messaging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Scheduling;

/// <summary>Schedules a follow-up check when a message a <see cref="FollowUpRule"/> watches is delivered.</summary>
internal sealed class FollowUpScheduler(CrmEngine engine, IOptions<MessagingOptions> options) : ICrmEventHandler<MessageDelivered>
{
    public async Task HandleAsync(MessageDelivered crmEvent, CancellationToken cancellationToken)
    {
        var message = crmEvent.Message;
        if (message.CustomerId is not { } customerId || message.Headers.ContainsKey(MessagingService.AutoReplyHeader))
        {
            return;
        }

        var crm = engine.ForCaller(CrmCaller.System(message.TenantId));
        foreach (var rule in options.Value.FollowUps)
        {
            if (!Applies(rule, message))
            {
                continue;
            }

            var payload = new FollowUpPayload(rule.Name, message.Id, customerId, crmEvent.OccurredAt);
            await crm.Scheduler.ScheduleAsync(new JobRequest
            {
                Kind = FollowUpJobHandler.JobKind,
                Key = $"follow-up:{rule.Name}:{message.Id:N}",
                DueAt = crmEvent.OccurredAt + rule.After,
                Payload = JsonSerializer.Serialize(payload, SchedulingJson.Default.FollowUpPayload),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Applies(FollowUpRule rule, OutboxMessage message) =>
        string.Equals(rule.Channel, message.Channel, StringComparison.Ordinal)
        && (rule.Purpose is null || string.Equals(rule.Purpose, message.Purpose, StringComparison.Ordinal))
        && (rule.WhenTemplateId is null || string.Equals(rule.WhenTemplateId, message.TemplateId, StringComparison.Ordinal))
        && !message.Headers.ContainsKey(FollowUpJobHandler.FollowUpHeader);
}
