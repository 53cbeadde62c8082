using System.Diagnostics;
using System.Text.Json;
using Crm.Engine.StateMachine;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Workflows;

/// <summary>
/// Runs workflow steps: starts, fires (from callers, timers and events) and migrations. Each step is one storage
/// transaction holding the state change, the history entry, timer changes, the idempotency key and the writes of
/// the step's actions; it commits whole or not at all.
/// </summary>
internal sealed partial class WorkflowRuntime
{
    internal const string StartTrigger = "$start";
    internal const string MigrateTrigger = "$migrate";

    private readonly IReadOnlyDictionary<string, IWorkflowEntityResolver> _resolvers;
    private readonly IOptions<WorkflowRuntimeOptions> _options;
    private readonly ILogger _logger;

    public WorkflowRuntime(CrmEngine engine, WorkflowRegistry registry, IEnumerable<IWorkflowEntityResolver> resolvers, IOptions<WorkflowRuntimeOptions> options, ILogger<WorkflowRuntime> logger)
    {
        Engine = engine;
        Registry = registry;
        _options = options;
        _logger = logger;
        var byKind = new Dictionary<string, IWorkflowEntityResolver>(StringComparer.Ordinal);
        foreach (var resolver in resolvers)
        {
            foreach (var kind in resolver.EntityKinds)
            {
                byKind.TryAdd(kind, resolver);
            }
        }

        _resolvers = byKind;
    }

    public CrmEngine Engine { get; }

    public WorkflowRegistry Registry { get; }

    /// <summary>Gets or sets the scheduler's callback for timers committed by a step, so it can wake up earlier.</summary>
    public Action<DateTimeOffset>? TimerScheduled { get; set; }

    public async Task<WorkflowInstance> StartAsync(CrmCaller caller, string workflowId, Guid entityId, CancellationToken cancellationToken)
    {
        WorkflowStep.ThrowIfInsideStep();
        await Engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var workflow = Registry.Latest(workflowId)
            ?? throw new CrmWorkflowConfigurationException(workflowId, $"Workflow '{workflowId}' is not registered. Registered workflows: {Registry.Known()}. Add it with AddWorkflow(...) or AddWorkflowsFromDirectory(...).");
        var resolver = Resolver(workflow);
        var instanceId = Guid.CreateVersion7(Engine.Time.GetUtcNow());
        var stepKey = $"start:{instanceId}";
        using var activity = StartActivity("crm.workflow.start", caller, workflow.Definition.Id);
        var (instance, step) = await RetryAsync(instanceId, StartTrigger, () => StartOnceAsync(caller, workflow, resolver, instanceId, entityId, stepKey, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (step is not null)
        {
            WorkflowLog.Started(_logger, workflow.Definition.Id, workflow.Definition.Version, instance.Id, instance.State, caller.TenantId);
            await AfterCommitAsync(step, cancellationToken).ConfigureAwait(false);
        }

        return instance;
    }

    public async Task<WorkflowFireResult?> FireAsync(CrmCaller caller, Guid instanceId, string trigger, string? payloadJson, string? idempotencyKey, Guid? timerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        WorkflowStep.ThrowIfInsideStep();
        await Engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var stepKey = idempotencyKey ?? $"fire:{Guid.CreateVersion7(Engine.Time.GetUtcNow())}";
        using var activity = StartActivity("crm.workflow.fire", caller, null);
        activity?.SetTag("crm.workflow.instance", instanceId);
        activity?.SetTag("crm.workflow.trigger", trigger);
        var (result, step) = await RetryAsync(instanceId, trigger, () => FireOnceAsync(caller, instanceId, trigger, payloadJson, idempotencyKey, timerId, stepKey, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (result is { Applied: true, Transition: { } entry })
        {
            WorkflowMetrics.Transitions.Add(1, new KeyValuePair<string, object?>("workflow", result.Instance.WorkflowId));
            WorkflowLog.Fired(_logger, result.Instance.WorkflowId, instanceId, trigger, entry.FromState ?? "", entry.ToState, caller.TenantId);
        }
        else if (result is { Applied: false })
        {
            WorkflowLog.DuplicateFire(_logger, instanceId, trigger, caller.TenantId);
        }

        if (step is not null)
        {
            await AfterCommitAsync(step, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<IReadOnlyList<WorkflowTriggerAvailability>> GetPermittedTriggersAsync(CrmCaller caller, Guid instanceId, CancellationToken cancellationToken)
    {
        await Engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var session = await Engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var instance = await session.Workflows.GetAsync(instanceId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(WorkflowInstance), instanceId);
            if (instance.Status == WorkflowInstanceStatus.Completed)
            {
                return [];
            }

            var workflow = Find(instance);
            var needsRelations = workflow.TriggersNeedingRelations.Count > 0;
            var entity = await LoadEntityAsync(session, workflow, instance.EntityId, needsRelations, cancellationToken).ConfigureAwait(false);
            var result = new List<WorkflowTriggerAvailability>();
            foreach (var (name, parameters) in workflow.Triggers)
            {
                var probe = NewStep(caller, workflow, instance, session, name, default, entity, "probe", cancellationToken);
                var machine = workflow.Machine.CreateInstance(() => probe.State, s => probe.State = s);
                if (machine.CanFire(parameters, probe, out var unmet))
                {
                    result.Add(new WorkflowTriggerAvailability(name, true, []));
                }
                else if (unmet.Count > 0)
                {
                    result.Add(new WorkflowTriggerAvailability(name, false, unmet));
                }
            }

            return result;
        }
    }

    internal CompiledWorkflow Find(WorkflowInstance instance) =>
        Registry.Find(instance.WorkflowId, instance.WorkflowVersion)
        ?? throw new CrmWorkflowConfigurationException(instance.WorkflowId,
            $"Workflow instance '{instance.Id}' follows '{instance.WorkflowId}' version {instance.WorkflowVersion}, which is not registered. Register that version, or migrate its instances with MigrateAsync.");

    private async Task<(WorkflowInstance Instance, WorkflowStep? Step)> StartOnceAsync(
        CrmCaller caller, CompiledWorkflow workflow, IWorkflowEntityResolver resolver, Guid instanceId, Guid entityId, string stepKey, CancellationToken cancellationToken)
    {
        var session = await Engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var running = await session.Workflows.GetByEntityAsync(entityId, WorkflowInstanceStatus.Running, cancellationToken).ConfigureAwait(false);
                if (running.FirstOrDefault(i => i.WorkflowId == workflow.Definition.Id) is { } existing)
                {
                    return (existing, null);
                }

                var entity = await resolver.LoadAsync(session, workflow.EntityKind, entityId, workflow.TriggersNeedingRelations.Count > 0, cancellationToken).ConfigureAwait(false)
                    ?? throw new CrmNotFoundException(EntityName(workflow.EntityKind), entityId);
                var now = Engine.Time.GetUtcNow();
                var path = workflow.EntryPath(workflow.Definition.InitialState);
                var instance = new WorkflowInstance
                {
                    Id = instanceId,
                    TenantId = caller.TenantId,
                    WorkflowId = workflow.Definition.Id,
                    WorkflowVersion = workflow.Definition.Version,
                    EntityKind = workflow.EntityKind,
                    EntityId = entityId,
                    State = path[^1],
                    Status = workflow.IsFinal(path[^1]) ? WorkflowInstanceStatus.Completed : WorkflowInstanceStatus.Running,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                var step = NewStep(caller, workflow, instance, session, StartTrigger, default, entity.Target, stepKey, cancellationToken, now);
                using (WorkflowStep.Enter(step))
                {
                    foreach (var state in path)
                    {
                        step.Entered(state);
                        foreach (var action in workflow.Definition.States[state].OnEntry)
                        {
                            await step.RunActionAsync(state, action).ConfigureAwait(false);
                        }
                    }
                }

                var stored = await session.Workflows.InsertAsync(instance, cancellationToken).ConfigureAwait(false);
                var entry = new WorkflowHistoryEntry
                {
                    InstanceId = stored.Id,
                    Sequence = stored.Version,
                    OccurredAt = now,
                    Trigger = StartTrigger,
                    ToState = stored.State,
                    Actor = caller.UserId,
                    IdempotencyKey = stepKey,
                    WorkflowVersion = stored.WorkflowVersion,
                };
                await session.Workflows.AppendHistoryAsync(entry, cancellationToken).ConfigureAwait(false);
                await WriteTimersAsync(session, step, stored, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (stored, step);
            }
        }
    }

    private async Task<(WorkflowFireResult? Result, WorkflowStep? Step)> FireOnceAsync(
        CrmCaller caller, Guid instanceId, string trigger, string? payloadJson, string? idempotencyKey, Guid? timerId, string stepKey, CancellationToken cancellationToken)
    {
        var session = await Engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var repository = session.Workflows;

                // A timer deleted since it was claimed belonged to a state the instance has left: it must not fire.
                if (timerId is { } id && !await repository.DeleteTimerAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    return (null, null);
                }

                var instance = await repository.GetAsync(instanceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new CrmNotFoundException(nameof(WorkflowInstance), instanceId);
                var now = Engine.Time.GetUtcNow();
                if (idempotencyKey is not null && !await repository.TryRecordFireKeyAsync(instanceId, idempotencyKey, now, cancellationToken).ConfigureAwait(false))
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return (new WorkflowFireResult(instance, false, null), null);
                }

                if (instance.Status == WorkflowInstanceStatus.Completed)
                {
                    throw new CrmWorkflowTriggerException(instanceId, instance.State, trigger, [],
                        $"Workflow instance '{instanceId}' is completed (final state '{instance.State}'); it accepts no triggers.");
                }

                var workflow = Find(instance);
                if (!workflow.Definition.Triggers.TryGetValue(trigger, out var declared))
                {
                    throw new CrmWorkflowTriggerException(instanceId, instance.State, trigger, [],
                        $"Workflow '{instance.WorkflowId}' version {instance.WorkflowVersion} declares no trigger '{trigger}'.{WorkflowDefinitionLoader.Suggest(trigger, workflow.Definition.Triggers.Keys)}");
                }

                var payload = WorkflowPayload.Parse(declared, payloadJson);
                var entity = await LoadEntityAsync(session, workflow, instance.EntityId, workflow.TriggersNeedingRelations.Contains(trigger), cancellationToken).ConfigureAwait(false);
                var step = NewStep(caller, workflow, instance, session, trigger, payload, entity, stepKey, cancellationToken, now);
                var machine = workflow.Machine.CreateInstance(() => step.State, s => step.State = s);
                using (WorkflowStep.Enter(step))
                {
                    try
                    {
                        await machine.FireAsync(workflow.Triggers[trigger], step).ConfigureAwait(false);
                        await step.RunPendingInternalActionsAsync().ConfigureAwait(false);
                    }
                    catch (InvalidTransitionException e)
                    {
                        throw new CrmWorkflowTriggerException(instanceId, instance.State, trigger, e.UnmetGuards);
                    }
                    catch (StateMachineActionException e) when (e.InnerException is OperationCanceledException canceled && cancellationToken.IsCancellationRequested)
                    {
                        throw canceled;
                    }
                    catch (StateMachineActionException e) when (e.InnerException is WorkflowStepFailure failure)
                    {
                        throw failure;
                    }
                }

                var final = workflow.IsFinal(step.State);
                var stored = await repository.UpdateAsync(instance with
                {
                    State = step.State,
                    Status = final ? WorkflowInstanceStatus.Completed : WorkflowInstanceStatus.Running,
                    UpdatedAt = now,
                }, cancellationToken).ConfigureAwait(false);
                var entry = new WorkflowHistoryEntry
                {
                    InstanceId = instanceId,
                    Sequence = stored.Version,
                    OccurredAt = now,
                    Trigger = trigger,
                    FromState = instance.State,
                    ToState = stored.State,
                    PayloadJson = payloadJson,
                    Actor = caller.UserId,
                    IdempotencyKey = idempotencyKey,
                    WorkflowVersion = stored.WorkflowVersion,
                };
                await repository.AppendHistoryAsync(entry, cancellationToken).ConfigureAwait(false);
                await WriteTimersAsync(session, step, stored, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (new WorkflowFireResult(stored, true, entry), step);
            }
        }
    }

    /// <summary>Writes the timer changes of a step: leaving a state cancels its timers, entering one starts its timeouts.</summary>
    private static async Task WriteTimersAsync(IStorageSession session, WorkflowStep step, WorkflowInstance stored, CancellationToken cancellationToken)
    {
        var repository = session.Workflows;
        if (stored.Status == WorkflowInstanceStatus.Completed)
        {
            await repository.DeleteTimersAsync(stored.Id, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var state in step.ExitedStates.Distinct(StringComparer.Ordinal))
        {
            await repository.DeleteTimersAsync(stored.Id, state, cancellationToken).ConfigureAwait(false);
        }

        var definition = step.Workflow.Definition;
        var timers = new List<WorkflowTimer>();
        foreach (var state in step.EnteredStates)
        {
            foreach (var timeout in definition.States[state].Timeouts)
            {
                var due = timeout.Calendar is { } calendar ? definition.Calendars[calendar].Add(step.Now, timeout.After) : timeout.After.AddTo(step.Now);
                timers.Add(NewTimer(stored, timeout.Fire, state, due, step.Now));
            }
        }

        timers.AddRange(step.ScheduledTriggers.Select(s => NewTimer(stored, s.Trigger, stored.State, s.DueAt, step.Now)));
        foreach (var timer in timers)
        {
            await repository.AddTimerAsync(timer, cancellationToken).ConfigureAwait(false);
        }

        step.CommittedTimers.AddRange(timers);
    }

    private async Task AfterCommitAsync(WorkflowStep step, CancellationToken cancellationToken)
    {
        if (step.CommittedTimers.Count > 0)
        {
            TimerScheduled?.Invoke(step.CommittedTimers.Min(t => t.DueAt));
        }

        foreach (var crmEvent in step.Events)
        {
            await Engine.Events.PublishAsync(crmEvent, cancellationToken).ConfigureAwait(false);
        }

        var index = 0;
        foreach (var (trigger, payload) in step.FireAfter)
        {
            try
            {
                await FireAsync(step.Caller, step.Instance.Id, trigger, payload, $"{step.StepKey}/after/{index++}", null, cancellationToken).ConfigureAwait(false);
            }
            catch (CrmException e)
            {
                WorkflowLog.FireAfterFailed(_logger, e, step.Instance.Id, trigger);
            }
        }
    }

    private async Task<T> RetryAsync<T>(Guid instanceId, string trigger, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        var conflicts = 0;
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (CrmConcurrencyException e) when (e.EntityType == nameof(WorkflowInstance) && conflicts < _options.Value.ConcurrencyRetries)
            {
                // Another fire changed the instance after this one read it: reload and decide again on the new state.
                conflicts++;
                tries--;
                WorkflowLog.ConcurrencyRetry(_logger, instanceId, trigger, conflicts);
            }
            catch (WorkflowStepFailure failure)
            {
                if (tries >= failure.Retry.Attempts)
                {
                    WorkflowMetrics.ActionFailures.Add(1);
                    throw new CrmWorkflowActionException(instanceId, failure.State, trigger, failure.Action, tries, failure.InnerException!);
                }

                // The step was rolled back, so no lock is held while waiting; the next attempt reruns the whole step.
                var delay = failure.Retry.DelayBefore(tries + 1, Random.Shared.NextDouble());
                WorkflowLog.ActionRetry(_logger, failure.InnerException!, instanceId, trigger, failure.Action, tries, delay.TotalMilliseconds);
                await Task.Delay(delay, Engine.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private WorkflowStep NewStep(CrmCaller caller, CompiledWorkflow workflow, WorkflowInstance instance, IStorageSession session, string trigger, JsonElement payload, Conditions.IConditionTarget entity, string stepKey, CancellationToken cancellationToken, DateTimeOffset? now = null) => new()
    {
        Runtime = this,
        Workflow = workflow,
        Instance = instance,
        Session = session,
        Caller = caller,
        Trigger = trigger,
        Payload = payload,
        GuardTarget = new WorkflowGuardTarget(entity, payload, workflow.PayloadTypes.TryGetValue(trigger, out var types) ? types : EmptyTypes),
        Now = now ?? Engine.Time.GetUtcNow(),
        StepKey = stepKey,
        State = instance.State,
        CancellationToken = cancellationToken,
    };

    private static readonly IReadOnlyDictionary<string, Conditions.FieldType> EmptyTypes = new Dictionary<string, Conditions.FieldType>(StringComparer.Ordinal);

    private async Task<Conditions.IConditionTarget> LoadEntityAsync(IStorageSession session, CompiledWorkflow workflow, Guid entityId, bool includeRelations, CancellationToken cancellationToken)
    {
        var resolver = Resolver(workflow);
        var snapshot = await resolver.LoadAsync(session, workflow.EntityKind, entityId, includeRelations, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(EntityName(workflow.EntityKind), entityId);
        return snapshot.Target;
    }

    private IWorkflowEntityResolver Resolver(CompiledWorkflow workflow) =>
        _resolvers.TryGetValue(workflow.EntityKind, out var resolver)
            ? resolver
            : throw new CrmWorkflowConfigurationException(workflow.Definition.Id,
                $"Workflow '{workflow.Definition.Id}' drives {workflow.EntityKind} records, which the runtime cannot load yet (supported: {string.Join(", ", _resolvers.Keys.Order(StringComparer.Ordinal))}). " +
                $"Definitions for {workflow.EntityKind}s validate now and run once an IWorkflowEntityResolver for '{workflow.EntityKind}' is registered.");

    private static string EntityName(string kind) => kind is "customer" or "lead" ? nameof(Customer) : char.ToUpperInvariant(kind[0]) + kind[1..];

    private static WorkflowTimer NewTimer(WorkflowInstance instance, string trigger, string state, DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        TenantId = instance.TenantId,
        InstanceId = instance.Id,
        Trigger = trigger,
        State = state,
        DueAt = dueAt,
        CreatedAt = now,
    };

    private static Activity? StartActivity(string name, CrmCaller caller, string? workflowId)
    {
        var activity = CrmDiagnostics.ActivitySource.StartActivity(name);
        activity?.SetTag("crm.tenant", caller.TenantId);
        if (workflowId is not null)
        {
            activity?.SetTag("crm.workflow.id", workflowId);
        }

        return activity;
    }
}
