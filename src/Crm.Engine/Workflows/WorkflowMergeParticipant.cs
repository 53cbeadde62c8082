using System.Text.Json;
using Crm.Engine.Storage;

namespace Crm.Engine.Workflows;

/// <summary>
/// Moves the workflow instances of a merged customer (entity kinds <c>customer</c> and <c>lead</c>) to the survivor
/// inside the merge's transaction. Timers and history belong to the instance, so they move with it.
/// </summary>
/// <remarks>
/// <para>
/// Each moved instance is updated through the repository's compare-and-swap update, so a step that read the instance
/// before the merge cannot write the old customer back: it fails with a concurrency conflict and is retried on the
/// moved instance. Each move also appends a <c>$merge</c> history entry (state unchanged), which keeps the history's
/// sequence equal to the instance version and records where the instance came from.
/// </para>
/// <para>
/// When both customers run the same workflow, the survivor's instance continues and the merged customer's instance is
/// closed (status <see cref="WorkflowInstanceStatus.Completed"/> in the state it had reached, timers deleted, the
/// <c>$merge</c> entry saying why). Keeping both would give one person two runs of one workflow: duplicate messages
/// from every message action, two state machines writing the same customer's fields, and a second running instance
/// where the runtime allows one per workflow and entity.
/// </para>
/// </remarks>
internal sealed class WorkflowMergeParticipant(CrmEngine engine) : IMergeParticipant
{
    /// <summary>The history trigger of a move by a merge; like <c>$start</c>, not a valid trigger name.</summary>
    internal const string MergeTrigger = "$merge";

    /// <summary>The history actor of a move by a merge.</summary>
    internal const string Actor = "merge";

    public string Name => "workflowInstances";

    public async Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var moving = (await session.Workflows.GetByEntityAsync(mergedId, null, cancellationToken).ConfigureAwait(false))
            .Where(i => IsCustomerKind(i.EntityKind))
            .ToList();
        if (moving.Count == 0)
        {
            return 0;
        }

        var survivorRuns = (await session.Workflows.GetByEntityAsync(survivorId, WorkflowInstanceStatus.Running, cancellationToken).ConfigureAwait(false))
            .Where(i => IsCustomerKind(i.EntityKind))
            .ToDictionary(i => i.WorkflowId, i => i.Id, StringComparer.Ordinal);
        var now = engine.Time.GetUtcNow();
        foreach (var instance in moving)
        {
            Guid? keptInstead = null;
            if (instance.Status == WorkflowInstanceStatus.Running)
            {
                if (survivorRuns.TryGetValue(instance.WorkflowId, out var kept))
                {
                    keptInstead = kept;
                }
                else
                {
                    survivorRuns[instance.WorkflowId] = instance.Id;
                }
            }

            var moved = await session.Workflows.UpdateAsync(instance with
            {
                EntityId = survivorId,
                Status = keptInstead is null ? instance.Status : WorkflowInstanceStatus.Completed,
                UpdatedAt = now,
            }, cancellationToken).ConfigureAwait(false);
            await session.Workflows.AppendHistoryAsync(new WorkflowHistoryEntry
            {
                InstanceId = instance.Id,
                Sequence = moved.Version,
                OccurredAt = now,
                Trigger = MergeTrigger,
                FromState = instance.State,
                ToState = instance.State,
                PayloadJson = Payload(survivorId, mergedId, keptInstead),
                Actor = Actor,
                WorkflowVersion = instance.WorkflowVersion,
            }, cancellationToken).ConfigureAwait(false);
            if (keptInstead is not null)
            {
                await session.Workflows.DeleteTimersAsync(instance.Id, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return moving.Count;
    }

    private static bool IsCustomerKind(string entityKind) => entityKind is "customer" or "lead";

    private static string Payload(Guid survivorId, Guid mergedId, Guid? keptInstead)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("mergedCustomerId", mergedId);
            json.WriteString("survivorId", survivorId);
            if (keptInstead is { } kept)
            {
                json.WriteString("closedInFavourOf", kept);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
