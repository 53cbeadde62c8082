using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Storage;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Scheduling;

/// <summary>
/// Runs a follow-up check: if the customer has not written since the message was delivered, reminds the owner and,
/// when the rule names a template, sends the follow-up message.
/// </summary>
internal sealed class FollowUpJobHandler(CrmEngine engine, IOptions<MessagingOptions> options) : IScheduledJobHandler
{
    public const string JobKind = "crm.followUp";

    /// <summary>Marks a follow-up message, so it is not followed up in turn.</summary>
    public const string FollowUpHeader = "X-Crm-Follow-Up";

    public string Kind => JobKind;

    public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize(context.Job.Payload, SchedulingJson.Default.FollowUpPayload)
            ?? throw new JsonException("The follow-up payload is empty.");
        var rule = options.Value.FollowUps.FirstOrDefault(r => string.Equals(r.Name, payload.Rule, StringComparison.Ordinal));
        if (rule is null || await AnsweredAsync(context.Crm, payload, cancellationToken).ConfigureAwait(false))
        {
            return; // the rule was removed, or the customer answered: nothing to follow up
        }

        var customer = await context.Crm.Customers.GetAsync(payload.CustomerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return;
        }

        await ReminderJobHandler.RemindAsync(engine, context.Crm, new ReminderPayload(customer.Id, rule.Note, customer.OwnerId), context.Job.Key, context.Now, cancellationToken).ConfigureAwait(false);
        if (rule.TemplateId is not null)
        {
            await context.Crm.Messages.EnqueueAsync(new MessageRequest
            {
                Channel = rule.Channel,
                CustomerId = customer.Id,
                TemplateId = rule.TemplateId,
                Purpose = rule.Purpose ?? MessagePurposes.Transactional,
                IdempotencyKey = context.Job.Key,
                Headers = new Dictionary<string, string>(StringComparer.Ordinal) { [FollowUpHeader] = rule.Name },
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnsweredAsync(ICrmContext crm, FollowUpPayload payload, CancellationToken cancellationToken)
    {
        var timeline = await crm.Interactions.GetTimelineAsync(payload.CustomerId, new PageRequest(100), cancellationToken).ConfigureAwait(false);
        return timeline.Items.Any(i => i.Direction == InteractionDirection.Inbound && i.OccurredAt >= payload.DeliveredAt);
    }
}
