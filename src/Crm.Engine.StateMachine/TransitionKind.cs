namespace Crm.Engine.StateMachine;

/// <summary>Classifies how a state handles a trigger.</summary>
public enum TransitionKind
{
    /// <summary>The trigger moves the machine to a fixed destination state.</summary>
    Permit,

    /// <summary>The trigger exits and re-enters the state that declares it.</summary>
    Reentry,

    /// <summary>The trigger moves the machine to a destination computed when it is fired.</summary>
    Dynamic,

    /// <summary>The trigger runs an action without exiting or entering any state.</summary>
    Internal,

    /// <summary>The trigger is accepted and does nothing.</summary>
    Ignore,
}
