namespace Crm.Engine.Workflows;

/// <summary>Tells whether a workflow instance still accepts triggers.</summary>
public enum WorkflowInstanceStatus
{
    /// <summary>The instance is in a non-final state and accepts triggers.</summary>
    Running = 0,

    /// <summary>The instance reached a final state; it accepts no more triggers and has no timers.</summary>
    Completed = 1,
}
