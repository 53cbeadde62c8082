namespace Crm.Engine.StateMachine.Internal;

/// <summary>The immutable, compiled form of a definition that instances execute against.</summary>
internal sealed class MachineModel<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public required TState[] States { get; init; }

    public required IndexMap<TState> StateMap { get; init; }

    public required TTrigger[] Triggers { get; init; }

    public required IndexMap<TTrigger> TriggerMap { get; init; }

    /// <summary>Gets, per trigger index, the argument type registered with <c>SetTriggerParameters</c>, or null.</summary>
    public required Type?[] TriggerArgumentTypes { get; init; }

    public required StateNode<TState, TTrigger>[] Nodes { get; init; }

    /// <summary>Gets the transition table indexed by <c>state * Triggers.Length + trigger</c>; null where the trigger is unhandled.</summary>
    public required TriggerSlot<TState, TTrigger>?[] Table { get; init; }

    public required ActionCallback<TState, TTrigger>[] Transitioned { get; init; }

    public required ActionCallback<TState, TTrigger>[] Completed { get; init; }

    public required Action<TState, TTrigger, IReadOnlyList<string>>? UnhandledHandler { get; init; }

    public required Func<TState, TTrigger, IReadOnlyList<string>, ValueTask>? UnhandledHandlerAsync { get; init; }

    /// <summary>Gets a value indicating whether anything in the definition is asynchronous; when false FireAsync runs the synchronous path.</summary>
    public required bool HasAsync { get; init; }

    public int TriggerCount => Triggers.Length;
}
