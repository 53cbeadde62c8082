using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Collects the configuration of a state machine and compiles it into an immutable <see cref="StateMachineDefinition{TState, TTrigger}"/>.
/// </summary>
/// <remarks>
/// Build a definition once (for example at startup) and share it; bind it to each entity's state with
/// <see cref="StateMachineDefinition{TState, TTrigger}.CreateInstance(TState)"/>. The builder itself is not thread-safe.
/// </remarks>
/// <typeparam name="TState">The type of the machine's states, typically an enum.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers, typically an enum.</typeparam>
public sealed class StateMachineBuilder<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Dictionary<TState, StateConfiguration<TState, TTrigger>> _configurations = new(EqualityComparer<TState>.Default);
    private readonly List<StateConfiguration<TState, TTrigger>> _configurationOrder = [];
    private readonly Dictionary<TTrigger, Type> _triggerParameters = new(EqualityComparer<TTrigger>.Default);
    private readonly List<TTrigger> _parameterOrder = [];
    private readonly List<ActionCallback<TState, TTrigger>> _transitioned = [];
    private readonly List<ActionCallback<TState, TTrigger>> _completed = [];
    private Action<TState, TTrigger, IReadOnlyList<string>>? _unhandled;
    private Func<TState, TTrigger, IReadOnlyList<string>, ValueTask>? _unhandledAsync;

    /// <summary>Returns the configuration of <paramref name="state"/>, creating it on first use.</summary>
    /// <param name="state">The state to configure.</param>
    /// <returns>The same configuration object for every call with an equal state.</returns>
    public StateConfiguration<TState, TTrigger> Configure(TState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!_configurations.TryGetValue(state, out StateConfiguration<TState, TTrigger>? configuration))
        {
            configuration = new StateConfiguration<TState, TTrigger>(state);
            _configurations.Add(state, configuration);
            _configurationOrder.Add(configuration);
        }

        return configuration;
    }

    /// <summary>Declares that <paramref name="trigger"/> carries an argument of type <typeparamref name="TArgs"/>.</summary>
    /// <typeparam name="TArgs">Any type: a single value, a value tuple or a record. It is never boxed.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>A typed handle to use with <c>Fire</c>, <c>OnEntryFrom</c>, typed <c>PermitIf</c> and <c>PermitDynamic</c>.</returns>
    /// <exception cref="ArgumentException">The trigger was already registered with a different argument type.</exception>
    public TriggerWithParameters<TTrigger, TArgs> SetTriggerParameters<TArgs>(TTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (_triggerParameters.TryGetValue(trigger, out Type? existing))
        {
            if (existing != typeof(TArgs))
            {
                throw new ArgumentException(
                    $"Trigger {ValueText.Quote(trigger)} is already registered with parameters of type '{existing.Name}'; " +
                    $"it cannot also take '{typeof(TArgs).Name}'.",
                    nameof(trigger));
            }
        }
        else
        {
            _triggerParameters.Add(trigger, typeof(TArgs));
            _parameterOrder.Add(trigger);
        }

        return new TriggerWithParameters<TTrigger, TArgs>(trigger);
    }

    /// <summary>Declares that <paramref name="trigger"/> carries two arguments, passed as a value tuple.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>A typed handle; fire it with <c>Fire(trigger, arg0, arg1)</c>.</returns>
    /// <exception cref="ArgumentException">The trigger was already registered with a different argument type.</exception>
    public TriggerWithParameters<TTrigger, (T0, T1)> SetTriggerParameters<T0, T1>(TTrigger trigger) =>
        SetTriggerParameters<(T0, T1)>(trigger);

    /// <summary>Declares that <paramref name="trigger"/> carries three arguments, passed as a value tuple.</summary>
    /// <typeparam name="T0">The first argument's type.</typeparam>
    /// <typeparam name="T1">The second argument's type.</typeparam>
    /// <typeparam name="T2">The third argument's type.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <returns>A typed handle; fire it with <c>Fire(trigger, arg0, arg1, arg2)</c>.</returns>
    /// <exception cref="ArgumentException">The trigger was already registered with a different argument type.</exception>
    public TriggerWithParameters<TTrigger, (T0, T1, T2)> SetTriggerParameters<T0, T1, T2>(TTrigger trigger) =>
        SetTriggerParameters<(T0, T1, T2)>(trigger);

    /// <summary>
    /// Runs <paramref name="handler"/> after every state change (including reentry), after exit actions and before entry actions.
    /// </summary>
    /// <param name="handler">Receives the transition; its destination is already the machine's state.</param>
    /// <param name="description">Describes the handler in exceptions; defaults to <c>OnTransitioned</c>.</param>
    /// <returns>This builder.</returns>
    public StateMachineBuilder<TState, TTrigger> OnTransitioned(Action<Transition<TState, TTrigger>> handler, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _transitioned.Add(new SyncCallback<TState, TTrigger>(handler, description ?? "OnTransitioned"));
        return this;
    }

    /// <summary>Runs an asynchronous handler after every state change, before entry actions; fire with <c>FireAsync</c>.</summary>
    /// <param name="handler">Receives the transition.</param>
    /// <param name="description">Describes the handler in exceptions; defaults to <c>OnTransitioned</c>.</param>
    /// <returns>This builder.</returns>
    public StateMachineBuilder<TState, TTrigger> OnTransitionedAsync(
        Func<Transition<TState, TTrigger>, ValueTask> handler, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _transitioned.Add(new AsyncCallback<TState, TTrigger>(handler, description ?? "OnTransitioned"));
        return this;
    }

    /// <summary>Runs <paramref name="handler"/> at the end of every state change, after all entry actions.</summary>
    /// <param name="handler">Receives the transition.</param>
    /// <param name="description">Describes the handler in exceptions; defaults to <c>OnTransitionCompleted</c>.</param>
    /// <returns>This builder.</returns>
    /// <remarks>The handler is part of the transition: if it throws, the transition is rolled back like for any other action.</remarks>
    public StateMachineBuilder<TState, TTrigger> OnTransitionCompleted(
        Action<Transition<TState, TTrigger>> handler, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _completed.Add(new SyncCallback<TState, TTrigger>(handler, description ?? "OnTransitionCompleted"));
        return this;
    }

    /// <summary>Runs an asynchronous handler at the end of every state change; fire with <c>FireAsync</c>.</summary>
    /// <param name="handler">Receives the transition.</param>
    /// <param name="description">Describes the handler in exceptions; defaults to <c>OnTransitionCompleted</c>.</param>
    /// <returns>This builder.</returns>
    public StateMachineBuilder<TState, TTrigger> OnTransitionCompletedAsync(
        Func<Transition<TState, TTrigger>, ValueTask> handler, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _completed.Add(new AsyncCallback<TState, TTrigger>(handler, description ?? "OnTransitionCompleted"));
        return this;
    }

    /// <summary>
    /// Calls <paramref name="handler"/> instead of throwing <see cref="InvalidTransitionException"/> when a trigger is not permitted.
    /// </summary>
    /// <param name="handler">Receives the current state, the trigger and the descriptions of unmet guards (empty if none applied).
    /// Exceptions it throws propagate unchanged, so it can throw a domain-specific exception.</param>
    /// <returns>This builder.</returns>
    public StateMachineBuilder<TState, TTrigger> OnUnhandledTrigger(Action<TState, TTrigger, IReadOnlyList<string>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _unhandled = handler;
        _unhandledAsync = null;
        return this;
    }

    /// <summary>Calls an asynchronous handler instead of throwing when a trigger is not permitted; fire with <c>FireAsync</c>.</summary>
    /// <param name="handler">Receives the current state, the trigger and the descriptions of unmet guards.</param>
    /// <returns>This builder.</returns>
    public StateMachineBuilder<TState, TTrigger> OnUnhandledTriggerAsync(Func<TState, TTrigger, IReadOnlyList<string>, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _unhandledAsync = handler;
        _unhandled = null;
        return this;
    }

    /// <summary>Validates the configuration and compiles it into an immutable definition that can be shared across threads.</summary>
    /// <returns>A new definition; later changes to this builder do not affect it.</returns>
    /// <exception cref="StateMachineDefinitionException">
    /// The configuration is inconsistent, for example two unguarded transitions for one trigger from one state, a cycle of substates,
    /// a state that is its own superstate, or an initial transition to a state that is not a substate. Every problem is listed.
    /// </exception>
    public StateMachineDefinition<TState, TTrigger> Build()
    {
        var input = new CompilerInput<TState, TTrigger>
        {
            Configurations = _configurationOrder.ToArray(),
            TriggerParameters = new Dictionary<TTrigger, Type>(_triggerParameters, EqualityComparer<TTrigger>.Default),
            ParameterOrder = _parameterOrder.ToArray(),
            Transitioned = _transitioned.ToArray(),
            Completed = _completed.ToArray(),
            UnhandledHandler = _unhandled,
            UnhandledHandlerAsync = _unhandledAsync,
        };
        return new StateMachineDefinition<TState, TTrigger>(DefinitionCompiler<TState, TTrigger>.Compile(input));
    }
}
