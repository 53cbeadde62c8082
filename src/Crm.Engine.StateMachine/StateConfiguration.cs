using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Configures how one state behaves: the triggers it accepts, its place in the state hierarchy and its entry and exit actions.
/// Obtain it from <see cref="StateMachineBuilder{TState, TTrigger}.Configure(TState)"/>; every method returns this instance for chaining.
/// </summary>
/// <remarks>
/// Nothing is validated here: conflicts (such as two unguarded transitions for one trigger) are reported together by
/// <see cref="StateMachineBuilder{TState, TTrigger}.Build"/>. A configuration is not thread-safe; configure from one thread.
/// </remarks>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class StateConfiguration<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    internal StateConfiguration(TState state)
    {
        State = state;
    }

    /// <summary>Gets the state this configuration describes.</summary>
    public TState State { get; }

    // Formatting an enum is comparatively slow, so it is done only when a default description is actually needed.
    internal string StateText => field ??= ValueText.Of(State);

    internal List<TState> Superstates { get; } = [];

    internal List<TState> InitialTargets { get; } = [];

    internal List<(ActionCallback<TState, TTrigger> Callback, bool Filtered, TTrigger Trigger)> EntryActions { get; } = [];

    internal List<ActionCallback<TState, TTrigger>> ExitActions { get; } = [];

    internal List<BehaviourSpec<TState, TTrigger>> Behaviours { get; } = [];

    /// <summary>Moves the machine to <paramref name="destination"/> when <paramref name="trigger"/> is fired in this state.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="destination">The state to move to; must differ from this state (use <see cref="PermitReentry(TTrigger)"/> otherwise).</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> Permit(TTrigger trigger, TState destination) =>
        AddTransition(trigger, destination, [], argumentType: null);

    /// <summary>Moves the machine to <paramref name="destination"/> when <paramref name="trigger"/> is fired and the guard holds.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="destination">The state to move to.</param>
    /// <param name="guard">Returns <see langword="true"/> when the transition may be taken.</param>
    /// <param name="guardDescription">Describes the guard; reported by <c>CanFire</c> and in exceptions when it is not met.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, Func<bool> guard, string guardDescription) =>
        AddTransition(trigger, destination, [TransitionGuard.Create(guard, guardDescription)], argumentType: null);

    /// <summary>Moves the machine to <paramref name="destination"/> when <paramref name="trigger"/> is fired and every guard holds.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="destination">The state to move to.</param>
    /// <param name="guards">One or more guards, synchronous or asynchronous, created with <see cref="TransitionGuard"/>'s factories.</param>
    /// <returns>This configuration.</returns>
    /// <exception cref="ArgumentException">No guard was given.</exception>
    public StateConfiguration<TState, TTrigger> PermitIf(TTrigger trigger, TState destination, params ReadOnlySpan<TransitionGuard> guards) =>
        AddTransition(trigger, destination, RequireGuards(guards), argumentType: null);

    /// <summary>Moves the machine to <paramref name="destination"/> when the guard holds for the trigger's argument.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters to accept.</param>
    /// <param name="destination">The state to move to.</param>
    /// <param name="guard">Returns <see langword="true"/> when the transition may be taken for the given argument.</param>
    /// <param name="guardDescription">Describes the guard.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitIf<TArgs>(
        TriggerWithParameters<TTrigger, TArgs> trigger, TState destination, Func<TArgs, bool> guard, string guardDescription)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return AddTransition(trigger.Trigger, destination, [TransitionGuard.Create(guard, guardDescription)], typeof(TArgs));
    }

    /// <summary>Moves the machine to <paramref name="destination"/> when the guard holds for the trigger's two arguments.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters to accept.</param>
    /// <param name="destination">The state to move to.</param>
    /// <param name="guard">Returns <see langword="true"/> when the transition may be taken for the given arguments.</param>
    /// <param name="guardDescription">Describes the guard.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitIf<T0, T1>(
        TriggerWithParameters<TTrigger, (T0, T1)> trigger, TState destination, Func<T0, T1, bool> guard, string guardDescription)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return PermitIf(trigger, destination, args => guard(args.Item1, args.Item2), guardDescription);
    }

    /// <summary>Moves the machine to <paramref name="destination"/> when the asynchronous guard holds; fire with <c>FireAsync</c>.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="destination">The state to move to.</param>
    /// <param name="guard">Completes with <see langword="true"/> when the transition may be taken.</param>
    /// <param name="guardDescription">Describes the guard.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitIfAsync(
        TTrigger trigger, TState destination, Func<ValueTask<bool>> guard, string guardDescription) =>
        AddTransition(trigger, destination, [TransitionGuard.CreateAsync(guard, guardDescription)], argumentType: null);

    /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired, running its exit and entry actions.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <returns>This configuration.</returns>
    /// <remarks>
    /// When declared on a superstate and fired while a substate is current, every state from the current one up to and including
    /// this state is exited, then this state is entered again (following its initial transition, if any).
    /// </remarks>
    public StateConfiguration<TState, TTrigger> PermitReentry(TTrigger trigger) => AddReentry(trigger, []);

    /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and the guard holds.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="guard">Returns <see langword="true"/> when the reentry may happen.</param>
    /// <param name="guardDescription">Describes the guard.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitReentryIf(TTrigger trigger, Func<bool> guard, string guardDescription) =>
        AddReentry(trigger, [TransitionGuard.Create(guard, guardDescription)]);

    /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and every guard holds.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="guards">One or more guards.</param>
    /// <returns>This configuration.</returns>
    /// <exception cref="ArgumentException">No guard was given.</exception>
    public StateConfiguration<TState, TTrigger> PermitReentryIf(TTrigger trigger, params ReadOnlySpan<TransitionGuard> guards) =>
        AddReentry(trigger, RequireGuards(guards));

    /// <summary>Moves the machine to a destination computed when <paramref name="trigger"/> is fired.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="destinationSelector">Returns the destination; it must be a state of the definition. Returning this state re-enters it.</param>
    /// <param name="description">Describes the choice for introspection and diagrams; defaults to <c>PermitDynamic(State, Trigger)</c>.</param>
    /// <param name="possibleDestinations">The states the selector may return, shown in <c>GetInfo</c> and the diagrams; they become part of the definition.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitDynamic(
        TTrigger trigger, Func<TState> destinationSelector, string? description = null, params ReadOnlySpan<TState> possibleDestinations)
    {
        ArgumentNullException.ThrowIfNull(destinationSelector);
        return AddDynamic(trigger, new PlainDestinationSelector<TState>(destinationSelector), description, possibleDestinations, null);
    }

    /// <summary>Moves the machine to a destination computed from the trigger's argument.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters to accept.</param>
    /// <param name="destinationSelector">Returns the destination for the given argument; it must be a state of the definition.</param>
    /// <param name="description">Describes the choice for introspection and diagrams.</param>
    /// <param name="possibleDestinations">The states the selector may return, shown in <c>GetInfo</c> and the diagrams.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> PermitDynamic<TArgs>(
        TriggerWithParameters<TTrigger, TArgs> trigger,
        Func<TArgs, TState> destinationSelector,
        string? description = null,
        params ReadOnlySpan<TState> possibleDestinations)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(destinationSelector);
        return AddDynamic(
            trigger.Trigger, new ArgsDestinationSelector<TState, TArgs>(destinationSelector), description, possibleDestinations, typeof(TArgs));
    }

    /// <summary>Accepts <paramref name="trigger"/> in this state and does nothing: no action runs and the state stays.</summary>
    /// <param name="trigger">The trigger to ignore.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> Ignore(TTrigger trigger) => AddIgnore(trigger, []);

    /// <summary>Ignores <paramref name="trigger"/> when the guard holds.</summary>
    /// <param name="trigger">The trigger to ignore.</param>
    /// <param name="guard">Returns <see langword="true"/> when the trigger should be ignored.</param>
    /// <param name="guardDescription">Describes the guard.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> IgnoreIf(TTrigger trigger, Func<bool> guard, string guardDescription) =>
        AddIgnore(trigger, [TransitionGuard.Create(guard, guardDescription)]);

    /// <summary>Ignores <paramref name="trigger"/> when every guard holds.</summary>
    /// <param name="trigger">The trigger to ignore.</param>
    /// <param name="guards">One or more guards.</param>
    /// <returns>This configuration.</returns>
    /// <exception cref="ArgumentException">No guard was given.</exception>
    public StateConfiguration<TState, TTrigger> IgnoreIf(TTrigger trigger, params ReadOnlySpan<TransitionGuard> guards) =>
        AddIgnore(trigger, RequireGuards(guards));

    /// <summary>Runs <paramref name="action"/> when <paramref name="trigger"/> is fired, without exiting or entering any state.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="action">The action; it receives a transition whose source and destination are the current state.</param>
    /// <param name="description">Describes the action; defaults to <c>InternalTransition(State, Trigger)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> InternalTransition(
        TTrigger trigger, Action<Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        string text = description ?? InternalDescription(trigger);
        return AddInternal(trigger, new SyncCallback<TState, TTrigger>(action, text), text, argumentType: null);
    }

    /// <summary>Runs <paramref name="action"/> with the trigger's argument, without exiting or entering any state.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters to accept.</param>
    /// <param name="action">The action, given the argument and the transition.</param>
    /// <param name="description">Describes the action.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> InternalTransition<TArgs>(
        TriggerWithParameters<TTrigger, TArgs> trigger, Action<TArgs, Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(action);
        string text = description ?? InternalDescription(trigger.Trigger);
        return AddInternal(trigger.Trigger, new SyncArgsCallback<TState, TTrigger, TArgs>(action, text), text, typeof(TArgs));
    }

    /// <summary>Runs an asynchronous action when <paramref name="trigger"/> is fired, without exiting or entering any state.</summary>
    /// <param name="trigger">The trigger to accept.</param>
    /// <param name="action">The asynchronous action.</param>
    /// <param name="description">Describes the action.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> InternalTransitionAsync(
        TTrigger trigger, Func<Transition<TState, TTrigger>, ValueTask> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        string text = description ?? InternalDescription(trigger);
        return AddInternal(trigger, new AsyncCallback<TState, TTrigger>(action, text), text, argumentType: null);
    }

    /// <summary>Makes this state a substate of <paramref name="superstate"/>: it inherits the superstate's transitions.</summary>
    /// <param name="superstate">The enclosing state. A state has at most one superstate, and the hierarchy must not form a cycle.</param>
    /// <returns>This configuration.</returns>
    /// <remarks>
    /// While a substate is current, <c>IsInState(superstate)</c> is true. Moving between substates of the same superstate does not exit
    /// or enter the superstate.
    /// </remarks>
    public StateConfiguration<TState, TTrigger> SubstateOf(TState superstate)
    {
        Superstates.Add(superstate);
        return this;
    }

    /// <summary>Moves on to <paramref name="substate"/> whenever this state is the destination of a transition.</summary>
    /// <param name="substate">A (direct or indirect) substate of this state.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> InitialTransition(TState substate)
    {
        InitialTargets.Add(substate);
        return this;
    }

    /// <summary>Runs <paramref name="action"/> whenever this state is entered.</summary>
    /// <param name="action">The entry action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnEntry(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntry(Action action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnEntry(_ => action(), description);
    }

    /// <summary>Runs <paramref name="action"/> with the transition whenever this state is entered.</summary>
    /// <param name="action">The entry action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnEntry(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntry(Action<Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        EntryActions.Add((new SyncCallback<TState, TTrigger>(action, description ?? $"OnEntry({StateText})"), false, default!));
        return this;
    }

    /// <summary>Runs an asynchronous action whenever this state is entered; fire with <c>FireAsync</c>.</summary>
    /// <param name="action">The asynchronous entry action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnEntry(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryAsync(Func<Transition<TState, TTrigger>, ValueTask> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        EntryActions.Add((new AsyncCallback<TState, TTrigger>(action, description ?? $"OnEntry({StateText})"), false, default!));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> when this state is entered because <paramref name="trigger"/> was fired.</summary>
    /// <param name="trigger">The trigger the action is restricted to.</param>
    /// <param name="action">The entry action.</param>
    /// <param name="description">Describes the action; defaults to <c>OnEntryFrom(State, Trigger)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryFrom(
        TTrigger trigger, Action<Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        EntryActions.Add((new SyncCallback<TState, TTrigger>(action, description ?? EntryFromDescription(trigger)), true, trigger));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> with the trigger's typed argument when this state is entered because of that trigger.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters the action is restricted to.</param>
    /// <param name="action">The entry action, given the argument (unboxed) and the transition.</param>
    /// <param name="description">Describes the action; defaults to <c>OnEntryFrom(State, Trigger)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryFrom<TArgs>(
        TriggerWithParameters<TTrigger, TArgs> trigger, Action<TArgs, Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(action);
        var callback = new SyncArgsCallback<TState, TTrigger, TArgs>(action, description ?? EntryFromDescription(trigger.Trigger));
        EntryActions.Add((callback, true, trigger.Trigger));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> with the trigger's two arguments when this state is entered because of that trigger.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters the action is restricted to.</param>
    /// <param name="action">The entry action, given both arguments and the transition.</param>
    /// <param name="description">Describes the action.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryFrom<T0, T1>(
        TriggerWithParameters<TTrigger, (T0, T1)> trigger, Action<T0, T1, Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnEntryFrom(trigger, (args, transition) => action(args.Item1, args.Item2, transition), description);
    }

    /// <summary>Runs <paramref name="action"/> with the trigger's three arguments when this state is entered because of that trigger.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <typeparam name="T2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger with parameters the action is restricted to.</param>
    /// <param name="action">The entry action, given the three arguments and the transition.</param>
    /// <param name="description">Describes the action.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryFrom<T0, T1, T2>(
        TriggerWithParameters<TTrigger, (T0, T1, T2)> trigger,
        Action<T0, T1, T2, Transition<TState, TTrigger>> action,
        string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnEntryFrom(trigger, (args, transition) => action(args.Item1, args.Item2, args.Item3, transition), description);
    }

    /// <summary>Runs an asynchronous action with the trigger's argument when this state is entered because of that trigger.</summary>
    /// <typeparam name="TArgs">The trigger's argument type.</typeparam>
    /// <param name="trigger">The trigger with parameters the action is restricted to.</param>
    /// <param name="action">The asynchronous entry action.</param>
    /// <param name="description">Describes the action.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnEntryFromAsync<TArgs>(
        TriggerWithParameters<TTrigger, TArgs> trigger,
        Func<TArgs, Transition<TState, TTrigger>, ValueTask> action,
        string? description = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(action);
        var callback = new AsyncArgsCallback<TState, TTrigger, TArgs>(action, description ?? EntryFromDescription(trigger.Trigger));
        EntryActions.Add((callback, true, trigger.Trigger));
        return this;
    }

    /// <summary>Runs <paramref name="action"/> whenever this state is exited.</summary>
    /// <param name="action">The exit action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnExit(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnExit(Action action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return OnExit(_ => action(), description);
    }

    /// <summary>Runs <paramref name="action"/> with the transition whenever this state is exited.</summary>
    /// <param name="action">The exit action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnExit(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnExit(Action<Transition<TState, TTrigger>> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ExitActions.Add(new SyncCallback<TState, TTrigger>(action, description ?? $"OnExit({StateText})"));
        return this;
    }

    /// <summary>Runs an asynchronous action whenever this state is exited; fire with <c>FireAsync</c>.</summary>
    /// <param name="action">The asynchronous exit action.</param>
    /// <param name="description">Describes the action in exceptions; defaults to <c>OnExit(State)</c>.</param>
    /// <returns>This configuration.</returns>
    public StateConfiguration<TState, TTrigger> OnExitAsync(Func<Transition<TState, TTrigger>, ValueTask> action, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ExitActions.Add(new AsyncCallback<TState, TTrigger>(action, description ?? $"OnExit({StateText})"));
        return this;
    }

    private static TransitionGuard[] RequireGuards(ReadOnlySpan<TransitionGuard> guards)
    {
        if (guards.IsEmpty)
        {
            throw new ArgumentException("At least one guard is required; use the unguarded method otherwise.", nameof(guards));
        }

        foreach (TransitionGuard guard in guards)
        {
            ArgumentNullException.ThrowIfNull(guard, nameof(guards));
        }

        return guards.ToArray();
    }

    private string InternalDescription(TTrigger trigger) => $"InternalTransition({StateText}, {ValueText.Of(trigger)})";

    private string EntryFromDescription(TTrigger trigger) => $"OnEntryFrom({StateText}, {ValueText.Of(trigger)})";

    private StateConfiguration<TState, TTrigger> AddTransition(
        TTrigger trigger, TState destination, TransitionGuard[] guards, Type? argumentType)
    {
        Behaviours.Add(new BehaviourSpec<TState, TTrigger>
        {
            Kind = TransitionKind.Permit,
            Trigger = trigger,
            DeclaringState = State,
            Destination = destination,
            Guards = guards,
            ArgumentType = argumentType,
        });
        return this;
    }

    private StateConfiguration<TState, TTrigger> AddReentry(TTrigger trigger, TransitionGuard[] guards)
    {
        Behaviours.Add(new BehaviourSpec<TState, TTrigger>
        {
            Kind = TransitionKind.Reentry,
            Trigger = trigger,
            DeclaringState = State,
            Destination = State,
            Guards = guards,
        });
        return this;
    }

    private StateConfiguration<TState, TTrigger> AddDynamic(
        TTrigger trigger,
        DestinationSelector<TState> selector,
        string? description,
        ReadOnlySpan<TState> possibleDestinations,
        Type? argumentType)
    {
        Behaviours.Add(new BehaviourSpec<TState, TTrigger>
        {
            Kind = TransitionKind.Dynamic,
            Trigger = trigger,
            DeclaringState = State,
            Selector = selector,
            Description = description ?? $"PermitDynamic({StateText}, {ValueText.Of(trigger)})",
            PossibleDestinations = possibleDestinations.ToArray(),
            ArgumentType = argumentType,
        });
        return this;
    }

    private StateConfiguration<TState, TTrigger> AddIgnore(TTrigger trigger, TransitionGuard[] guards)
    {
        Behaviours.Add(new BehaviourSpec<TState, TTrigger>
        {
            Kind = TransitionKind.Ignore,
            Trigger = trigger,
            DeclaringState = State,
            Guards = guards,
        });
        return this;
    }

    private StateConfiguration<TState, TTrigger> AddInternal(
        TTrigger trigger, ActionCallback<TState, TTrigger> action, string description, Type? argumentType)
    {
        Behaviours.Add(new BehaviourSpec<TState, TTrigger>
        {
            Kind = TransitionKind.Internal,
            Trigger = trigger,
            DeclaringState = State,
            Action = action,
            Description = description,
            ArgumentType = argumentType,
        });
        return this;
    }
}
