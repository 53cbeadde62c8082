namespace Crm.Engine.StateMachine;

/// <summary>
/// Describes one firing of a trigger as seen by actions: where the machine came from, where it ends up and why.
/// </summary>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
/// <param name="Source">Gets the state the machine was in when the trigger was fired.</param>
/// <param name="Destination">
/// Gets the state the machine ends in, after any initial transitions of the target state have been followed.
/// Equals <paramref name="Source"/> for internal transitions.
/// </param>
/// <param name="Trigger">Gets the trigger that caused the transition.</param>
/// <param name="IsReentry">Gets a value indicating whether the source state is exited and entered again.</param>
/// <param name="IsInternal">Gets a value indicating whether this is an internal transition that neither exits nor enters a state.</param>
public readonly record struct Transition<TState, TTrigger>(
    TState Source,
    TState Destination,
    TTrigger Trigger,
    bool IsReentry,
    bool IsInternal);
