using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Holds an immutable, validated state machine definition, built once by <see cref="StateMachineBuilder{TState, TTrigger}"/> and shared
/// freely across threads. Bind it to an entity's state with <see cref="CreateInstance(TState)"/>; binding is cheap.
/// </summary>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class StateMachineDefinition<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private StateMachineInfo<TState, TTrigger>? _info;

    internal StateMachineDefinition(MachineModel<TState, TTrigger> model)
    {
        Model = model;
    }

    /// <summary>Gets every state of the definition, configured states first.</summary>
    public IReadOnlyList<TState> States => Model.States;

    /// <summary>Gets every trigger of the definition, in order of first use.</summary>
    public IReadOnlyList<TTrigger> Triggers => Model.Triggers;

    /// <summary>Gets a value indicating whether any guard or action is asynchronous, so that instances should be fired with <c>FireAsync</c>.</summary>
    public bool HasAsyncActions => Model.HasAsync;

    internal MachineModel<TState, TTrigger> Model { get; }

    /// <summary>Creates a machine whose state is held by the machine itself, starting in <paramref name="initialState"/>.</summary>
    /// <param name="initialState">The current state of the entity; it is taken as is (no entry action runs).</param>
    /// <returns>A new machine bound to this definition.</returns>
    /// <exception cref="ArgumentException"><paramref name="initialState"/> is not a state of this definition.</exception>
    public StateMachine<TState, TTrigger> CreateInstance(TState initialState)
    {
        if (Model.StateMap.IndexOf(initialState) < 0)
        {
            throw new ArgumentException(
                $"State {ValueText.Quote(initialState)} is not part of this state machine definition.", nameof(initialState));
        }

        return new StateMachine<TState, TTrigger>(this, initialState);
    }

    /// <summary>Creates a machine whose state lives outside it, for example in an entity's property.</summary>
    /// <param name="stateAccessor">Reads the current state; called at least once per fire and query.</param>
    /// <param name="stateMutator">Stores a new state; called once per state change, and again with the original state on rollback.</param>
    /// <returns>A new machine bound to this definition.</returns>
    /// <remarks>
    /// The accessor is not called here, so binding stays cheap; a state that is not part of the definition is reported when the machine
    /// is first fired or queried.
    /// </remarks>
    public StateMachine<TState, TTrigger> CreateInstance(Func<TState> stateAccessor, Action<TState> stateMutator)
    {
        ArgumentNullException.ThrowIfNull(stateAccessor);
        ArgumentNullException.ThrowIfNull(stateMutator);
        return new StateMachine<TState, TTrigger>(this, stateAccessor, stateMutator);
    }

    /// <summary>Returns a description of the states, their hierarchy, transitions, guards and actions, and the triggers.</summary>
    /// <returns>The same immutable object on every call.</returns>
    public StateMachineInfo<TState, TTrigger> GetInfo()
    {
        // Built on first use: most definitions are never introspected, and this keeps Build() lean. A race builds two equal
        // objects and one wins, which is harmless.
        return Volatile.Read(ref _info) ?? Interlocked.CompareExchange(ref _info, InfoFactory<TState, TTrigger>.Create(Model), null) ?? _info!;
    }

    /// <summary>Renders the definition as a Mermaid <c>stateDiagram-v2</c>.</summary>
    /// <returns>The diagram text, with <c>\n</c> line endings.</returns>
    public string ToMermaid() => MermaidWriter<TState, TTrigger>.Write(GetInfo(), hasInitial: false, default!);

    /// <summary>Renders the definition as a Mermaid <c>stateDiagram-v2</c> with an arrow from the start marker to <paramref name="initialState"/>.</summary>
    /// <param name="initialState">The state to mark as where the machine starts.</param>
    /// <returns>The diagram text, with <c>\n</c> line endings.</returns>
    public string ToMermaid(TState initialState) => MermaidWriter<TState, TTrigger>.Write(GetInfo(), hasInitial: true, initialState);

    /// <summary>Renders the definition as a Graphviz DOT digraph; superstates become clusters.</summary>
    /// <returns>The graph text, with <c>\n</c> line endings.</returns>
    public string ToDotGraph() => DotWriter<TState, TTrigger>.Write(GetInfo(), hasInitial: false, default!);

    /// <summary>Renders the definition as a Graphviz DOT digraph with a start point leading to <paramref name="initialState"/>.</summary>
    /// <param name="initialState">The state to mark as where the machine starts.</param>
    /// <returns>The graph text, with <c>\n</c> line endings.</returns>
    public string ToDotGraph(TState initialState) => DotWriter<TState, TTrigger>.Write(GetInfo(), hasInitial: true, initialState);
}
