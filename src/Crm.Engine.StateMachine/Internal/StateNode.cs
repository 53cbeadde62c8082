namespace Crm.Engine.StateMachine.Internal;

/// <summary>A compiled state: its place in the hierarchy and its entry and exit actions.</summary>
internal sealed class StateNode<TState, TTrigger>
{
    public required int Index { get; init; }

    public required TState State { get; init; }

    /// <summary>Gets the superstate index, or -1 for a top-level state.</summary>
    public required int Parent { get; init; }

    /// <summary>Gets the number of superstates above this state (0 for a top-level state).</summary>
    public required int Depth { get; init; }

    /// <summary>
    /// Gets the chain of state indexes from the top-level ancestor down to this state, so that <c>Path[d]</c> is the ancestor at
    /// depth <c>d</c>. Entry and exit sequences are walked over this array, which makes them allocation-free.
    /// </summary>
    public required int[] Path { get; init; }

    /// <summary>Gets the state the machine ends in when this state is targeted, after following initial transitions.</summary>
    public required int InitialTarget { get; init; }

    /// <summary>Gets the target of this state's own initial transition, or -1 (used by introspection).</summary>
    public required int DirectInitial { get; init; }

    /// <summary>Gets the behaviours declared on this state, in configuration order (used by introspection).</summary>
    public required BehaviourSpec<TState, TTrigger>[] Declared { get; init; }

    public required EntryAction<TState, TTrigger>[] Entry { get; init; }

    public required ActionCallback<TState, TTrigger>[] Exit { get; init; }

    public bool HasAsyncEntry => Array.Exists(Entry, static e => e.Callback.IsAsync);

    public bool HasAsyncExit => Array.Exists(Exit, static e => e.IsAsync);
}
