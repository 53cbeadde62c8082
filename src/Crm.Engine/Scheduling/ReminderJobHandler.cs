using System.Globalization;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Crm.Engine.Workflows.Actions;

namespace Crm.Engine.Scheduling;

/// <summary>
/// Runs due reminders: records a task on the customer's timeline and raises <see cref="ReminderDue"/>. The task's
/// external id is derived from the job and its due time, so a run repeated after a crash records it once.
/// </summary>
internal sealed class ReminderJobHandler(CrmEngine engine) : IScheduledJobHandler
{
    public const string JobKind = "crm.reminder";

    public string Kind => JobKind;

    public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize(context.Job.Payload, SchedulingJson.Default.ReminderPayload)
            ?? throw new JsonException("The reminder payload is empty.");
        var externalId = $"{context.Job.Key}@{context.Job.DueAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
        await RemindAsync(engine, context.Crm, payload, externalId, context.Now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the reminder task and raises the event, unless a task with <paramref name="externalId"/> exists.</summary>
    internal static async Task RemindAsync(CrmEngine engine, ICrmContext crm, ReminderPayload payload, string externalId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await crm.Customers.GetAsync(payload.CustomerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return; // the customer was deleted or erased: nobody to follow up with
        }

        if (await ExistsAsync(engine, crm.Caller, externalId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = "reminder" };
        if (payload.AssignedTo is not null)
        {
            metadata["assignee"] = payload.AssignedTo;
        }

        var task = await crm.Interactions.RecordAsync(new Interaction
        {
            CustomerId = payload.CustomerId,
            Channel = CreateTaskAction.Channel,
            Direction = InteractionDirection.Internal,
            OccurredAt = now,
            Subject = payload.Note,
            ExternalId = externalId,
            Metadata = metadata,
        }, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new ReminderDue(task, payload.AssignedTo, payload.Note)
        {
            EventId = Guid.CreateVersion7(now),
            TenantId = crm.Caller.TenantId,
            OccurredAt = now,
            Actor = CrmCaller.SystemUserId,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ExistsAsync(CrmEngine engine, CrmCaller caller, string externalId, CancellationToken cancellationToken)
    {
        var filter = ConditionBinder.Bind(new ComparisonCondition("externalId", ComparisonOperator.Eq, new StringValue(externalId)), CrmFields.Interaction);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Interactions.CountAsync(new StorageQuery { Filter = filter }, cancellationToken).ConfigureAwait(false) > 0;
        }
    }
}
