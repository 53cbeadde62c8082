namespace Crm.Engine.StateMachine.Internal;

/// <summary>A compiled behaviour: the configuration plus the indexes the firing path needs, copied into fields for locality.</summary>
internal sealed class Behaviour<TState, TTrigger>(BehaviourSpec<TState, TTrigger> spec, int declaringIndex, int destinationIndex)
{
    public BehaviourSpec<TState, TTrigger> Spec { get; } = spec;

    public TransitionKind Kind { get; } = spec.Kind;

    public TransitionGuard[] Guards { get; } = spec.Guards;

    public bool HasAsyncGuards { get; } = Array.Exists(spec.Guards, static g => g.IsAsync);

    public int DeclaringIndex { get; } = declaringIndex;

    /// <summary>Gets the destination index for fixed destinations, or -1.</summary>
    public int DestinationIndex { get; } = destinationIndex;
}
