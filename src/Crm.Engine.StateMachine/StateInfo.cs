namespace Crm.Engine.StateMachine;

/// <summary>Describes one state of a definition: its hierarchy, actions and transitions.</summary>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class StateInfo<TState, TTrigger>
{
    internal StateInfo(TState state)
    {
        State = state;
    }

    /// <summary>Gets the state value.</summary>
    public TState State { get; }

    /// <summary>Gets the enclosing state, or <see langword="null"/> for a top-level state.</summary>
    public StateInfo<TState, TTrigger>? Superstate { get; internal set; }

    /// <summary>Gets the direct substates, in definition order.</summary>
    public IReadOnlyList<StateInfo<TState, TTrigger>> Substates { get; internal set; } = [];

    /// <summary>Gets the substate entered automatically when this state is targeted, or <see langword="null"/>.</summary>
    public StateInfo<TState, TTrigger>? InitialTransitionTarget { get; internal set; }

    /// <summary>Gets the descriptions of the entry actions, in the order they run.</summary>
    public IReadOnlyList<string> EntryActions { get; internal set; } = [];

    /// <summary>Gets the descriptions of the exit actions, in the order they run.</summary>
    public IReadOnlyList<string> ExitActions { get; internal set; } = [];

    /// <summary>Gets the behaviours declared on this state (not those inherited from superstates), in configuration order.</summary>
    public IReadOnlyList<TransitionInfo<TState, TTrigger>> Transitions { get; internal set; } = [];

    /// <summary>Returns the state's text.</summary>
    /// <returns>The state formatted as text.</returns>
    public override string ToString() => State?.ToString() ?? string.Empty;
}
