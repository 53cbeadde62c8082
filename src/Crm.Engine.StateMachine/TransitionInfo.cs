namespace Crm.Engine.StateMachine;

/// <summary>Describes how a state handles one trigger, as configured.</summary>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class TransitionInfo<TState, TTrigger>
{
    internal TransitionInfo(
        StateInfo<TState, TTrigger> source,
        TriggerInfo<TTrigger> trigger,
        TransitionKind kind,
        StateInfo<TState, TTrigger>? destination,
        IReadOnlyList<StateInfo<TState, TTrigger>> possibleDestinations,
        IReadOnlyList<string> guardDescriptions,
        string? description)
    {
        Source = source;
        Trigger = trigger;
        Kind = kind;
        Destination = destination;
        PossibleDestinations = possibleDestinations;
        GuardDescriptions = guardDescriptions;
        Description = description;
    }

    /// <summary>Gets the state that declares this behaviour (substates inherit it).</summary>
    public StateInfo<TState, TTrigger> Source { get; }

    /// <summary>Gets the trigger handled.</summary>
    public TriggerInfo<TTrigger> Trigger { get; }

    /// <summary>Gets how the trigger is handled.</summary>
    public TransitionKind Kind { get; }

    /// <summary>
    /// Gets the fixed destination for <see cref="TransitionKind.Permit"/> and <see cref="TransitionKind.Reentry"/>;
    /// <see langword="null"/> for the other kinds.
    /// </summary>
    public StateInfo<TState, TTrigger>? Destination { get; }

    /// <summary>Gets the destinations declared for a <see cref="TransitionKind.Dynamic"/> transition; empty otherwise.</summary>
    public IReadOnlyList<StateInfo<TState, TTrigger>> PossibleDestinations { get; }

    /// <summary>Gets the descriptions of the guards that must all hold, in configuration order; empty when unguarded.</summary>
    public IReadOnlyList<string> GuardDescriptions { get; }

    /// <summary>Gets the description of a dynamic selector or internal action; <see langword="null"/> for the other kinds.</summary>
    public string? Description { get; }

    /// <summary>Gets a value indicating whether the behaviour has guards.</summary>
    public bool IsGuarded => GuardDescriptions.Count > 0;
}
