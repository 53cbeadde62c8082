namespace Crm.Engine.StateMachine.Internal;

/// <summary>An entry action plus the trigger it is restricted to (OnEntryFrom), resolved to a trigger index at build time.</summary>
internal sealed class EntryAction<TState, TTrigger>(ActionCallback<TState, TTrigger> callback, int triggerFilter)
{
    public ActionCallback<TState, TTrigger> Callback { get; } = callback;

    /// <summary>Gets the index of the only trigger that runs this action, or -1 when any trigger does.</summary>
    public int TriggerFilter { get; } = triggerFilter;
}
