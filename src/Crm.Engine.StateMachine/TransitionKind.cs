namespace Crm.Engine.StateMachine;

/// <summary>Classifies how a state handles a trigger.</summary>
public enum TransitionKind
{
    /// <summary>Moves the machine to a fixed destination state.</summary>
    Permit,

    /// <summary>Exits and re-enters the state that declares the behaviour.</summary>
    Reentry,

    /// <summary>Moves the machine to a destination computed when the trigger is fired.</summary>
    Dynamic,

    /// <summary>Runs an action without exiting or entering any state.</summary>
    Internal,

    /// <summary>Accepts the trigger and does nothing.</summary>
    Ignore,
}
