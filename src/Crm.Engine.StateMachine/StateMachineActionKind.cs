namespace Crm.Engine.StateMachine;

/// <summary>Names the kind of user action that failed during a transition.</summary>
public enum StateMachineActionKind
{
    /// <summary>Identifies an exit action registered with <c>OnExit</c> or <c>OnExitAsync</c>.</summary>
    Exit,

    /// <summary>Identifies the state mutator given to <c>CreateInstance</c>, failing to store the new state.</summary>
    StateMutator,

    /// <summary>Identifies a handler registered with <c>OnTransitioned</c> or <c>OnTransitionedAsync</c>.</summary>
    Transitioned,

    /// <summary>Identifies an entry action registered with <c>OnEntry</c>, <c>OnEntryFrom</c> or their asynchronous forms.</summary>
    Entry,

    /// <summary>Identifies a handler registered with <c>OnTransitionCompleted</c> or <c>OnTransitionCompletedAsync</c>.</summary>
    TransitionCompleted,

    /// <summary>Identifies the action of an internal transition.</summary>
    InternalTransition,
}
