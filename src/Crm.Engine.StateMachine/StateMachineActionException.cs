using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Reports that a user action (exit, entry, transition or internal-transition action, or the state mutator) threw while a
/// trigger was being processed. The transition has been rolled back when this exception reaches the caller.
/// </summary>
/// <remarks>
/// Rolled back means: the machine's state is restored to <see cref="SourceState"/> (through the state mutator when external
/// storage is used) and triggers queued by the failed transition are discarded. Side effects of actions that ran before the
/// failing one are not undone. The original exception is the <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class StateMachineActionException : Exception
{
    internal StateMachineActionException(
        object sourceState,
        object trigger,
        object destinationState,
        StateMachineActionKind actionKind,
        string actionDescription,
        bool stateRestored,
        Exception innerException)
        : base(BuildMessage(sourceState, trigger, destinationState, actionDescription, stateRestored, innerException), innerException)
    {
        SourceState = sourceState;
        Trigger = trigger;
        DestinationState = destinationState;
        ActionKind = actionKind;
        ActionDescription = actionDescription;
        StateRestored = stateRestored;
    }

    /// <summary>Gets the state the machine was in when the trigger was fired, and is in again after the rollback.</summary>
    public object SourceState { get; }

    /// <summary>Gets the trigger being processed when the action failed.</summary>
    public object Trigger { get; }

    /// <summary>Gets the state the transition was heading to.</summary>
    public object DestinationState { get; }

    /// <summary>Gets the kind of action that failed.</summary>
    public StateMachineActionKind ActionKind { get; }

    /// <summary>Gets the description of the failed action, such as <c>OnEntry(Qualified)</c> or the description given when it was registered.</summary>
    public string ActionDescription { get; }

    /// <summary>
    /// Gets a value indicating whether the state was restored; <see langword="false"/> only when the state mutator itself
    /// threw while restoring, in which case <see cref="Exception.InnerException"/> is an <see cref="AggregateException"/> holding both failures.
    /// </summary>
    public bool StateRestored { get; }

    private static string BuildMessage(
        object source, object trigger, object destination, string action, bool restored, Exception inner)
    {
        string outcome = restored
            ? $"the state was rolled back to {ValueText.Quote(source)}"
            : $"restoring the state {ValueText.Quote(source)} failed as well, so the stored state may be inconsistent";
        return $"Action {ValueText.Quote(action)} failed during the transition from {ValueText.Quote(source)} to " +
            $"{ValueText.Quote(destination)} on trigger {ValueText.Quote(trigger)}; {outcome}. {inner.GetType().Name}: {inner.Message}";
    }
}
