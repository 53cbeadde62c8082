namespace Crm.Engine.StateMachine.Internal;

/// <summary>How one state handles one trigger, as configured; <see cref="Behaviour{TState, TTrigger}"/> is its compiled form.</summary>
internal sealed class BehaviourSpec<TState, TTrigger>
{
    public required TransitionKind Kind { get; init; }

    public required TTrigger Trigger { get; init; }

    public required TState DeclaringState { get; init; }

    /// <summary>Gets the fixed destination; meaningful for <see cref="TransitionKind.Permit"/> and <see cref="TransitionKind.Reentry"/>.</summary>
    public TState Destination { get; init; } = default!;

    public TransitionGuard[] Guards { get; init; } = [];

    public ActionCallback<TState, TTrigger>? Action { get; init; }

    public DestinationSelector<TState>? Selector { get; init; }

    public TState[] PossibleDestinations { get; init; } = [];

    public string? Description { get; init; }

    /// <summary>Gets the argument type of the <see cref="TriggerWithParameters{TTrigger, TArgs}"/> this was configured with, if any.</summary>
    public Type? ArgumentType { get; init; }
}
