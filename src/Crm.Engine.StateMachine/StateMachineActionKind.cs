namespace Crm.Engine.StateMachine;

/// <summary>Names the kind of user action that failed during a transition.</summary>
public enum StateMachineActionKind
{
    /// <summary>An exit action registered with <c>OnExit</c> or <c>OnExitAsync</c>.</summary>
    Exit,

    /// <summary>The state mutator given to <c>CreateInstance</c> when storing the new state.</summary>
    StateMutator,

    /// <summary>A handler registered with <c>OnTransitioned</c> or <c>OnTransitionedAsync</c>.</summary>
    Transitioned,

    /// <summary>An entry action registered with <c>OnEntry</c>, <c>OnEntryFrom</c> or their asynchronous forms.</summary>
    Entry,

    /// <summary>A handler registered with <c>OnTransitionCompleted</c> or <c>OnTransitionCompletedAsync</c>.</summary>
    TransitionCompleted,

    /// <summary>The action of an internal transition.</summary>
    InternalTransition,
}
