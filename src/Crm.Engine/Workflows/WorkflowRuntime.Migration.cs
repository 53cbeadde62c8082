using Crm.Engine.Storage;

namespace Crm.Engine.Workflows;

/// <summary>Moves running instances between definition versions with a declared <c>migrateFrom</c> state map.</summary>
internal sealed partial class WorkflowRuntime
{
    public async Task<WorkflowMigrationPlan> MigrateAsync(CrmCaller caller, string workflowId, int toVersion, bool dryRun, CancellationToken cancellationToken)
    {
        WorkflowStep.ThrowIfInsideStep();
        await Engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var target = Registry.Find(workflowId, toVersion)
            ?? throw new CrmWorkflowConfigurationException(workflowId, $"Workflow '{workflowId}' version {toVersion} is not registered; register the new version before migrating to it.");
        var migration = target.Definition.MigrateFrom
            ?? throw new CrmWorkflowConfigurationException(workflowId, $"Workflow '{workflowId}' version {toVersion} declares no 'migrateFrom'; add one that maps every state of the old version.");
        using var activity = StartActivity("crm.workflow.migrate", caller, workflowId);
        var session = await Engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            IStorageTransaction? transaction = dryRun ? null : await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var instances = await ReadRunningAsync(session, workflowId, migration.FromVersion, cancellationToken).ConfigureAwait(false);
                var moves = new List<WorkflowInstanceMove>();
                var unmapped = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var instance in instances)
                {
                    if (migration.States.TryGetValue(instance.State, out var mapped))
                    {
                        moves.Add(new WorkflowInstanceMove(instance.Id, instance.EntityId, instance.State, target.Leaf(mapped)));
                    }
                    else
                    {
                        unmapped[instance.State] = unmapped.GetValueOrDefault(instance.State) + 1;
                    }
                }

                var plan = new WorkflowMigrationPlan(workflowId, migration.FromVersion, toVersion, moves, unmapped, dryRun);
                if (dryRun)
                {
                    return plan;
                }

                if (unmapped.Count > 0)
                {
                    throw new CrmValidationException(unmapped.Select(u => new ValidationError(
                        "$.migrateFrom.states",
                        $"state '{u.Key}' of version {migration.FromVersion} holds {u.Value} running instance(s) but is not mapped; add \"{u.Key}\": \"<state of version {toVersion}>\".")
                    {
                        Rule = "unmappedState",
                        Source = target.Definition.Source,
                    }).ToList());
                }

                var now = Engine.Time.GetUtcNow();
                foreach (var instance in instances)
                {
                    await MoveAsync(session, target, instance, target.Leaf(migration.States[instance.State]), caller, now, cancellationToken).ConfigureAwait(false);
                }

                await transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
                WorkflowLog.Migrated(_logger, workflowId, migration.FromVersion, toVersion, moves.Count, caller.TenantId);
                return plan;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task MoveAsync(IStorageSession session, CompiledWorkflow target, WorkflowInstance instance, string state, CrmCaller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var repository = session.Workflows;
        var final = target.IsFinal(state);
        var stored = await repository.UpdateAsync(instance with
        {
            WorkflowVersion = target.Definition.Version,
            State = state,
            Status = final ? WorkflowInstanceStatus.Completed : WorkflowInstanceStatus.Running,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        await repository.AppendHistoryAsync(new WorkflowHistoryEntry
        {
            InstanceId = instance.Id,
            Sequence = stored.Version,
            OccurredAt = now,
            Trigger = MigrateTrigger,
            FromState = instance.State,
            ToState = state,
            Actor = caller.UserId,
            WorkflowVersion = stored.WorkflowVersion,
        }, cancellationToken).ConfigureAwait(false);

        // Pending timers keep their due time: a lead waiting three days for a reply should not wait longer because of a
        // migration. They follow the state map; timers the new version cannot fire are cancelled.
        var map = target.Definition.MigrateFrom!.States;
        foreach (var timer in await repository.GetTimersAsync(instance.Id, cancellationToken).ConfigureAwait(false))
        {
            var newState = map.TryGetValue(timer.State, out var mapped) ? mapped : timer.State;
            var keep = !final && target.Definition.Triggers.ContainsKey(timer.Trigger) && target.Definition.States.ContainsKey(newState) && target.Chain(state).Contains(newState);
            if (!keep || newState != timer.State)
            {
                await repository.DeleteTimerAsync(timer.Id, cancellationToken).ConfigureAwait(false);
            }

            if (keep && newState != timer.State)
            {
                await repository.AddTimerAsync(timer with { State = newState }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<WorkflowInstance>> ReadRunningAsync(IStorageSession session, string workflowId, int version, CancellationToken cancellationToken)
    {
        var all = new List<WorkflowInstance>();
        var query = new WorkflowInstanceQuery(workflowId) { WorkflowVersion = version, Status = WorkflowInstanceStatus.Running, Page = new PageRequest(1_000) };
        while (true)
        {
            var page = await session.Workflows.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            if (page.ContinuationToken is null)
            {
                return all;
            }

            query = query with { Page = new PageRequest(1_000, page.ContinuationToken) };
        }
    }
}
