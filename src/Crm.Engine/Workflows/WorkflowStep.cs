using System.Diagnostics;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Crm.Engine.StateMachine;
using Crm.Engine.Storage;

namespace Crm.Engine.Workflows;

/// <summary>
/// Carries one fire (or start) of one instance through the shared state machine: the loaded instance and entity,
/// the payload, the session of the step's transaction, and what the step did (states left and entered, timers,
/// events to publish after commit).
/// </summary>
/// <remarks>
/// The state machine hands trigger arguments to guards but not to exit, entry or transition actions, so the step
/// travels to those in an <see cref="AsyncLocal{T}"/> that is set only around one <c>FireAsync</c> call.
/// </remarks>
internal sealed class WorkflowStep
{
    private static readonly AsyncLocal<WorkflowStep?> Ambient = new();

    private readonly HashSet<int> _passedGuards = [];
    private readonly HashSet<int> _transitionActionsRun = [];

    public static WorkflowStep Current => Ambient.Value
        ?? throw new InvalidOperationException("A workflow state machine callback ran outside a workflow step; fire instances through IWorkflowService.");

    public required WorkflowRuntime Runtime { get; init; }

    public required CompiledWorkflow Workflow { get; init; }

    public required WorkflowInstance Instance { get; init; }

    public required IStorageSession Session { get; init; }

    public required CrmCaller Caller { get; init; }

    public required string Trigger { get; init; }

    public JsonElement Payload { get; init; }

    public required IConditionTarget GuardTarget { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the key action idempotency keys derive from: the fire's key, or one chosen per call that survives retries.</summary>
    public required string StepKey { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Gets or sets the instance's state as the machine moves it (the machine's external state storage).</summary>
    public required string State { get; set; }

    public List<string> ExitedStates { get; } = [];

    public List<string> EnteredStates { get; } = [];

    /// <summary>Gets the timers actions scheduled; they belong to the state the instance is in after the step.</summary>
    public List<(string Trigger, DateTimeOffset DueAt)> ScheduledTriggers { get; } = [];

    public List<CrmEvent> Events { get; } = [];

    /// <summary>Gets the timers the step wrote, once it is about to commit.</summary>
    public List<WorkflowTimer> CommittedTimers { get; } = [];

    public List<(string Trigger, string? PayloadJson)> FireAfter { get; } = [];

    /// <summary>Gets the transition taken, once known.</summary>
    public int? TransitionIndex { get; private set; }

    /// <summary>
    /// Refuses a start, fire or migration from inside an action: the step's transaction is open, and a second one would
    /// wait for its lock (SQLite has one writer) until the busy timeout.
    /// </summary>
    public static void ThrowIfInsideStep()
    {
        if (Ambient.Value is { } step)
        {
            throw new InvalidOperationException(
                $"Workflow actions cannot start, fire or migrate workflows directly (called while instance '{step.Instance.Id}' processes '{step.Trigger}'). " +
                "Use WorkflowActionContext.FireAfter to fire a trigger on this instance once the step has committed.");
        }
    }

    public static Scope Enter(WorkflowStep step)
    {
        var previous = Ambient.Value;
        Ambient.Value = step;
        return new Scope(previous);
    }

    public bool EvaluateGuard(int index)
    {
        var passed = Workflow.Guards[index]!.Matches(GuardTarget, Now);
        if (passed)
        {
            _passedGuards.Add(index);
        }

        return passed;
    }

    public bool GuardPassed(int index) => _passedGuards.Contains(index);

    public void Exited(string state) => ExitedStates.Add(state);

    public void Entered(string state) => EnteredStates.Add(state);

    public ValueTask OnTransitionedAsync(Transition<string, string> transition)
    {
        var resolved = Workflow.Resolve(transition.Source, transition.Trigger, this);
        return resolved is { } found ? RunTransitionActionsAsync(found.Index) : ValueTask.CompletedTask;
    }

    /// <summary>Runs the actions of a guarded internal transition, which the machine treats as an ignored trigger.</summary>
    public ValueTask RunPendingInternalActionsAsync()
    {
        if (TransitionIndex is null && Workflow.Resolve(Instance.State, Trigger, this) is { } found)
        {
            return RunTransitionActionsAsync(found.Index);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask RunTransitionActionsAsync(int index)
    {
        TransitionIndex = index;
        if (!_transitionActionsRun.Add(index))
        {
            return;
        }

        var transition = Workflow.Definition.Transitions[index];
        foreach (var action in transition.Actions)
        {
            await RunActionAsync(transition.From, action).ConfigureAwait(false);
        }
    }

    public async ValueTask RunActionAsync(string state, WorkflowActionInvocation invocation)
    {
        var action = Runtime.Registry.Actions[invocation.Action];
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.workflow.action", ActivityKind.Internal);
        activity?.SetTag("crm.workflow.id", Workflow.Definition.Id);
        activity?.SetTag("crm.workflow.action", invocation.Action);
        activity?.SetTag("crm.workflow.state", state);
        var context = new WorkflowActionContext
        {
            Crm = Runtime.Engine.ForCaller(Caller),
            WorkflowId = Workflow.Definition.Id,
            WorkflowVersion = Workflow.Definition.Version,
            InstanceId = Instance.Id,
            EntityId = Instance.EntityId,
            EntityKind = Instance.EntityKind,
            State = state,
            Trigger = Trigger,
            Payload = Payload,
            IdempotencyKey = $"{StepKey}/{invocation.Path}",
            Now = Now,
            Storage = Session,
            PublishAfterCommit = Events.Add,
            FireAfter = (trigger, payload, _) =>
            {
                FireAfter.Add((trigger, payload?.GetRawText()));
                return Task.CompletedTask;
            },
        };

        try
        {
            await action.ExecuteAsync(context, invocation.Parameters, CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw new WorkflowStepFailure(Workflow.Definition.Retry, state, $"'{invocation.Action}' at {invocation.Path}", e);
        }
    }

    /// <summary>Restores the previous step when a fire is done.</summary>
    public readonly struct Scope(WorkflowStep? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
