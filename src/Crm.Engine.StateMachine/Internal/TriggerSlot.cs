namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// Everything a state can do with one trigger, including behaviours inherited from its superstates, precomputed at build.
/// </summary>
internal sealed class TriggerSlot<TState, TTrigger>(Behaviour<TState, TTrigger>[][] levels)
{
    /// <summary>Gets the candidate behaviours grouped by hierarchy level, innermost (the state itself) first.</summary>
    public Behaviour<TState, TTrigger>[][] Levels { get; } = levels;

    /// <summary>
    /// Gets the behaviour to take without evaluating anything, when the innermost level is a single unguarded behaviour
    /// (build validation guarantees an unguarded behaviour is alone at its level); otherwise null.
    /// </summary>
    public Behaviour<TState, TTrigger>? Fast { get; } =
        levels[0] is [{ Guards.Length: 0 } only] ? only : null;

    public bool HasAsyncGuards { get; } = Array.Exists(levels, static level => Array.Exists(level, static b => b.HasAsyncGuards));
}
