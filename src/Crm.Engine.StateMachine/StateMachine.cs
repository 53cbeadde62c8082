using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Runs a shared <see cref="StateMachineDefinition{TState, TTrigger}"/> against one entity's current state.
/// Create it with <see cref="StateMachineDefinition{TState, TTrigger}.CreateInstance(TState)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Firing is serialized per instance: concurrent callers wait for each other (blocking in <see cref="Fire(TTrigger)"/>,
/// asynchronously in <see cref="FireAsync(TTrigger)"/>). A trigger fired from inside an action of this instance is queued and
/// processed, in order, after the current transition completes; that inner call returns immediately.
/// </para>
/// <para>
/// A transition whose action throws is rolled back (see <see cref="StateMachineActionException"/>). Queries such as
/// <see cref="State"/>, <see cref="CanFire(TTrigger)"/> and <see cref="PermittedTriggers"/> do not wait for a fire in progress.
/// </para>
/// </remarks>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed partial class StateMachine<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly MachineModel<TState, TTrigger> _model;
    private readonly Func<TState>? _accessor;
    private readonly Action<TState>? _mutator;
    private TState _state;
    private FiringGate _gate;
    private PendingTriggers<TState, TTrigger>? _pending;

    internal StateMachine(StateMachineDefinition<TState, TTrigger> definition, TState initialState)
    {
        Definition = definition;
        _model = definition.Model;
        _state = initialState;
    }

    internal StateMachine(StateMachineDefinition<TState, TTrigger> definition, Func<TState> accessor, Action<TState> mutator)
    {
        Definition = definition;
        _model = definition.Model;
        _accessor = accessor;
        _mutator = mutator;
        _state = default!;
    }

    /// <summary>Gets the definition this machine executes.</summary>
    public StateMachineDefinition<TState, TTrigger> Definition { get; }

    /// <summary>Gets the current state (read through the state accessor when external storage is used).</summary>
    public TState State => ReadState();

    /// <summary>Gets the number of triggers queued from inside actions and not yet processed; for tests and diagnostics.</summary>
    internal int QueuedTriggerCount => _pending?.Count ?? 0;

    /// <summary>Determines whether the machine is in <paramref name="state"/> or in one of its substates.</summary>
    /// <param name="state">The state to test; superstates of the current state count.</param>
    /// <returns><see langword="true"/> if the current state is <paramref name="state"/> or a descendant of it.</returns>
    public bool IsInState(TState state)
    {
        int target = _model.StateMap.IndexOf(state);
        if (target < 0)
        {
            return false;
        }

        StateNode<TState, TTrigger> current = _model.Nodes[CurrentStateIndex(ReadState())];
        int targetDepth = _model.Nodes[target].Depth;
        return targetDepth < current.Path.Length && current.Path[targetDepth] == target;
    }

    /// <summary>Fires <paramref name="trigger"/> and runs the resulting transition synchronously.</summary>
    /// <param name="trigger">The trigger to fire; it must not have been registered with parameters.</param>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger and no unhandled-trigger handler is set.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    /// <exception cref="InvalidOperationException">The transition needs an asynchronous guard or action; use <see cref="FireAsync(TTrigger)"/>.</exception>
    /// <exception cref="ArgumentException">The trigger takes parameters.</exception>
    public void Fire(TTrigger trigger)
    {
        var none = default(NoArgs);
        FireCore(trigger, ref none);
    }

    /// <summary>Fires a trigger with its typed argument and runs the resulting transition synchronously.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters, from <c>SetTriggerParameters</c>.</param>
    /// <param name="args">The argument passed to guards, destination selectors and <c>OnEntryFrom</c> actions, without boxing.</param>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger and no unhandled-trigger handler is set.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    /// <exception cref="InvalidOperationException">The transition needs an asynchronous guard or action; use FireAsync.</exception>
    public void Fire<TArgs>(TriggerWithParameters<TTrigger, TArgs> trigger, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        FireCore(trigger.Trigger, ref args);
    }

    /// <summary>Fires a trigger with two arguments and runs the resulting transition synchronously.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    public void Fire<T0, T1>(TriggerWithParameters<TTrigger, (T0, T1)> trigger, T0 arg0, T1 arg1) => Fire(trigger, (arg0, arg1));

    /// <summary>Fires a trigger with three arguments and runs the resulting transition synchronously.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <typeparam name="T2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <exception cref="InvalidTransitionException">The current state does not permit the trigger.</exception>
    /// <exception cref="StateMachineActionException">An action threw; the transition was rolled back.</exception>
    public void Fire<T0, T1, T2>(TriggerWithParameters<TTrigger, (T0, T1, T2)> trigger, T0 arg0, T1 arg1, T2 arg2) =>
        Fire(trigger, (arg0, arg1, arg2));

    /// <summary>Returns the machine's state for diagnostics.</summary>
    /// <returns>A string such as <c>StateMachine(State = 'Lead')</c>.</returns>
    public override string ToString() => $"StateMachine(State = {ValueText.Quote(ReadState())})";

    /// <summary>Processes one trigger with the gate held; the queue is drained by the caller.</summary>
    internal void Step<TArgs>(int triggerIndex, TTrigger trigger, ref TArgs args)
    {
        MachineModel<TState, TTrigger> model = _model;
        TState current = ReadState();
        int source = CurrentStateIndex(current);
        TriggerSlot<TState, TTrigger>? slot = triggerIndex >= 0 ? model.Table[(source * model.TriggerCount) + triggerIndex] : null;
        Behaviour<TState, TTrigger>? behaviour = null;
        List<string>? unmet = null;
        if (slot is not null)
        {
            behaviour = slot.Fast ?? Resolve(slot, ref args, ref unmet, current, trigger, "FireAsync");
        }

        if (behaviour is null)
        {
            HandleUnhandled(current, trigger, unmet);
            return;
        }

        switch (behaviour.Kind)
        {
            case TransitionKind.Ignore:
                return;
            case TransitionKind.Internal:
                if (behaviour.Spec.Action!.IsAsync)
                {
                    throw UseFireAsync(current, trigger);
                }

                RunInternal(behaviour, current, trigger, ref args);
                return;
            default:
                TransitionPlan plan = Plan(behaviour, source, ref args);
                if (model.HasAsync && PlanRequiresAsync(plan, triggerIndex))
                {
                    throw UseFireAsync(current, trigger);
                }

                Execute(plan, current, triggerIndex, trigger, ref args);
                return;
        }
    }

    private void FireCore<TArgs>(TTrigger trigger, ref TArgs args)
    {
        int triggerIndex = _model.TriggerMap.IndexOf(trigger);
        CheckArguments<TArgs>(triggerIndex, trigger);
        if (!_gate.TryEnter())
        {
            if (IsReentrantCall())
            {
                Enqueue(triggerIndex, trigger, args);
                return;
            }

            _gate.Enter();
        }

        RunOwned(triggerIndex, trigger, ref args);
    }

    /// <summary>Runs a trigger and then the queue, with the gate already held; always releases the gate.</summary>
    private void RunOwned<TArgs>(int triggerIndex, TTrigger trigger, ref TArgs args)
    {
        _gate.OwnerThreadId = Environment.CurrentManagedThreadId;
        try
        {
            Step(triggerIndex, trigger, ref args);
            if (_pending is { } pending)
            {
                while (!pending.IsEmpty && pending.TryDequeue(out QueuedFire<TState, TTrigger>? next))
                {
                    next!.Run(this);
                }
            }
        }
        catch
        {
            // The failing transition already discarded what it queued; what earlier transitions queued is dropped with it,
            // so the machine is idle with an empty queue, as before the outer Fire.
            _pending?.Clear();
            throw;
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void Execute<TArgs>(in TransitionPlan plan, TState current, int triggerIndex, TTrigger trigger, ref TArgs args)
    {
        MachineModel<TState, TTrigger> model = _model;
        StateNode<TState, TTrigger>[] nodes = model.Nodes;
        TState destination = model.States[plan.Final];
        var transition = new Transition<TState, TTrigger>(current, destination, trigger, plan.IsReentry, IsInternal: false);
        int mark = _pending?.Mark ?? 0;
        ActionCallback<TState, TTrigger>? running = null;
        StateMachineActionKind phase = StateMachineActionKind.Exit;
        bool stored = false;
        try
        {
            int[] sourcePath = nodes[plan.Source].Path;
            for (int depth = sourcePath.Length - 1; depth > plan.CommonDepth; depth--)
            {
                ActionCallback<TState, TTrigger>[] exits = nodes[sourcePath[depth]].Exit;
                for (int i = 0; i < exits.Length; i++)
                {
                    running = exits[i];
                    ActionInvoker.Invoke(running, transition, args);
                }
            }

            phase = StateMachineActionKind.StateMutator;
            running = null;
            WriteState(destination);
            stored = true;

            phase = StateMachineActionKind.Transitioned;
            ActionCallback<TState, TTrigger>[] transitioned = model.Transitioned;
            for (int i = 0; i < transitioned.Length; i++)
            {
                running = transitioned[i];
                ActionInvoker.Invoke(running, transition, args);
            }

            phase = StateMachineActionKind.Entry;
            int[] destinationPath = nodes[plan.Final].Path;
            for (int depth = plan.CommonDepth + 1; depth < destinationPath.Length; depth++)
            {
                EntryAction<TState, TTrigger>[] entries = nodes[destinationPath[depth]].Entry;
                for (int i = 0; i < entries.Length; i++)
                {
                    EntryAction<TState, TTrigger> entry = entries[i];
                    if (entry.TriggerFilter < 0 || entry.TriggerFilter == triggerIndex)
                    {
                        running = entry.Callback;
                        ActionInvoker.Invoke(running, transition, args);
                    }
                }
            }

            phase = StateMachineActionKind.TransitionCompleted;
            ActionCallback<TState, TTrigger>[] completed = model.Completed;
            for (int i = 0; i < completed.Length; i++)
            {
                running = completed[i];
                ActionInvoker.Invoke(running, transition, args);
            }
        }
        catch (Exception ex)
        {
            throw RollBack(ex, phase, running, transition, stored, mark);
        }
    }

    private void RunInternal<TArgs>(Behaviour<TState, TTrigger> behaviour, TState current, TTrigger trigger, ref TArgs args)
    {
        var transition = new Transition<TState, TTrigger>(current, current, trigger, IsReentry: false, IsInternal: true);
        int mark = _pending?.Mark ?? 0;
        try
        {
            ActionInvoker.Invoke(behaviour.Spec.Action!, transition, args);
        }
        catch (Exception ex)
        {
            throw RollBack(ex, StateMachineActionKind.InternalTransition, behaviour.Spec.Action, transition, stored: false, mark);
        }
    }

    private StateMachineActionException RollBack(
        Exception error,
        StateMachineActionKind phase,
        ActionCallback<TState, TTrigger>? running,
        in Transition<TState, TTrigger> transition,
        bool stored,
        int mark)
    {
        _pending?.TruncateTo(mark);
        bool restored = true;
        Exception inner = error;
        if (stored)
        {
            try
            {
                WriteState(transition.Source);
            }
            catch (Exception restoreError)
            {
                restored = false;
                inner = new AggregateException(error, restoreError);
            }
        }

        string description = running?.Description ?? (phase == StateMachineActionKind.StateMutator ? "state mutator" : phase.ToString());
        return new StateMachineActionException(
            transition.Source, transition.Trigger, transition.Destination, phase, description, restored, inner);
    }

    private static Behaviour<TState, TTrigger>? Resolve<TArgs>(
        TriggerSlot<TState, TTrigger> slot, ref TArgs args, ref List<string>? unmet, TState current, TTrigger trigger, string asyncAlternative)
    {
        if (slot.HasAsyncGuards)
        {
            throw UseAsync(current, trigger, asyncAlternative);
        }

        foreach (Behaviour<TState, TTrigger>[] level in slot.Levels)
        {
            Behaviour<TState, TTrigger>? chosen = null;
            foreach (Behaviour<TState, TTrigger> candidate in level)
            {
                bool met = true;
                foreach (TransitionGuard guard in candidate.Guards)
                {
                    if (!GuardEvaluator.Evaluate(guard, args))
                    {
                        (unmet ??= []).Add(guard.Description);
                        met = false;
                    }
                }

                if (met)
                {
                    chosen = chosen is null ? candidate : throw Ambiguous(current, trigger, chosen, candidate);
                }
            }

            if (chosen is not null)
            {
                return chosen;
            }
        }

        return null;
    }

    private void HandleUnhandled(TState current, TTrigger trigger, List<string>? unmet)
    {
        IReadOnlyList<string> unmetGuards = unmet ?? (IReadOnlyList<string>)[];
        if (_model.UnhandledHandler is { } handler)
        {
            handler(current, trigger, unmetGuards);
            return;
        }

        if (_model.UnhandledHandlerAsync is not null)
        {
            throw UseFireAsync(current, trigger);
        }

        throw new InvalidTransitionException(current, trigger, unmetGuards);
    }

    private TransitionPlan Plan<TArgs>(Behaviour<TState, TTrigger> behaviour, int source, ref TArgs args)
    {
        StateNode<TState, TTrigger>[] nodes = _model.Nodes;
        int destination;
        int reentered;
        if (behaviour.Kind == TransitionKind.Dynamic)
        {
            TState chosen = DestinationSelector<TState>.Select(behaviour.Spec.Selector!, args);
            destination = _model.StateMap.IndexOf(chosen);
            if (destination < 0)
            {
                throw new InvalidOperationException(
                    $"The destination selector {ValueText.Quote(behaviour.Spec.Description)} returned {ValueText.Quote(chosen)}, " +
                    "which is not a state of this definition. List it in possibleDestinations or configure it.");
            }

            reentered = destination == source ? source : -1;
        }
        else
        {
            destination = behaviour.DestinationIndex;
            reentered = behaviour.Kind == TransitionKind.Reentry || destination == source ? destination : -1;
        }

        // Reentry exits up to and including the re-entered state; otherwise only below the deepest common ancestor.
        int commonDepth = reentered >= 0
            ? nodes[reentered].Depth - 1
            : CommonAncestorDepth(nodes[source].Path, nodes[destination].Path);
        return new TransitionPlan(source, nodes[destination].InitialTarget, commonDepth, reentered >= 0);
    }

    private static int CommonAncestorDepth(int[] first, int[] second)
    {
        int limit = Math.Min(first.Length, second.Length);
        int depth = 0;
        while (depth < limit && first[depth] == second[depth])
        {
            depth++;
        }

        return depth - 1;
    }

    private bool PlanRequiresAsync(in TransitionPlan plan, int triggerIndex)
    {
        MachineModel<TState, TTrigger> model = _model;
        StateNode<TState, TTrigger>[] nodes = model.Nodes;
        int[] sourcePath = nodes[plan.Source].Path;
        for (int depth = sourcePath.Length - 1; depth > plan.CommonDepth; depth--)
        {
            if (nodes[sourcePath[depth]].HasAsyncExit)
            {
                return true;
            }
        }

        int[] destinationPath = nodes[plan.Final].Path;
        for (int depth = plan.CommonDepth + 1; depth < destinationPath.Length; depth++)
        {
            foreach (EntryAction<TState, TTrigger> entry in nodes[destinationPath[depth]].Entry)
            {
                if (entry.Callback.IsAsync && (entry.TriggerFilter < 0 || entry.TriggerFilter == triggerIndex))
                {
                    return true;
                }
            }
        }

        return Array.Exists(model.Transitioned, static c => c.IsAsync) || Array.Exists(model.Completed, static c => c.IsAsync);
    }

    private void CheckArguments<TArgs>(int triggerIndex, TTrigger trigger)
    {
        Type? expected = triggerIndex >= 0 ? _model.TriggerArgumentTypes[triggerIndex] : null;
        if (typeof(TArgs) == typeof(NoArgs))
        {
            if (expected is not null)
            {
                throw new ArgumentException(
                    $"Trigger {ValueText.Quote(trigger)} takes an argument of type '{expected.Name}'; fire it with the " +
                    "TriggerWithParameters returned by SetTriggerParameters.",
                    nameof(trigger));
            }
        }
        else if (expected != typeof(TArgs))
        {
            throw new ArgumentException(
                expected is null
                    ? $"Trigger {ValueText.Quote(trigger)} was not registered with parameters in this definition."
                    : $"Trigger {ValueText.Quote(trigger)} takes '{expected.Name}', not '{typeof(TArgs).Name}'.",
                nameof(trigger));
        }
    }

    private bool IsReentrantCall() =>
        _gate.OwnerThreadId == Environment.CurrentManagedThreadId
        || (_model.HasAsync && ReferenceEquals(FiringScope.Owner.Value, this));

    private void Enqueue<TArgs>(int triggerIndex, TTrigger trigger, TArgs args)
    {
        PendingTriggers<TState, TTrigger> pending =
            _pending ?? Interlocked.CompareExchange(ref _pending, new PendingTriggers<TState, TTrigger>(), null) ?? _pending;
        pending.Enqueue(new QueuedFire<TState, TTrigger, TArgs>(triggerIndex, trigger, args));
    }

    private TState ReadState() => _accessor is null ? _state : _accessor();

    private void WriteState(TState state)
    {
        if (_mutator is null)
        {
            _state = state;
        }
        else
        {
            _mutator(state);
        }
    }

    private int CurrentStateIndex(TState current)
    {
        int index = _model.StateMap.IndexOf(current);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"The current state {ValueText.Quote(current)} is not part of this state machine definition.");
    }

    private static InvalidOperationException UseFireAsync(TState current, TTrigger trigger) => UseAsync(current, trigger, "FireAsync");

    private static InvalidOperationException UseAsync(TState current, TTrigger trigger, string alternative) =>
        new($"Trigger {ValueText.Quote(trigger)} in state {ValueText.Quote(current)} needs asynchronous guards or actions; " +
            $"call {alternative} instead.");

    private static InvalidOperationException Ambiguous(
        TState current, TTrigger trigger, Behaviour<TState, TTrigger> first, Behaviour<TState, TTrigger> second) =>
        new($"Several transitions are permitted from state {ValueText.Quote(current)} for trigger {ValueText.Quote(trigger)} " +
            $"(declared on {ValueText.Quote(first.Spec.DeclaringState)}: {first.Kind} and {second.Kind}); " +
            "their guards must be mutually exclusive.");
}
