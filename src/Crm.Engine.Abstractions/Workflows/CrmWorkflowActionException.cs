namespace Crm.Engine.Workflows;

/// <summary>
/// Reports a workflow action that still failed after the definition's retries. The step was rolled back: the
/// instance's state, history and timers are as before the fire, and writes of the step's other actions were undone.
/// </summary>
public sealed class CrmWorkflowActionException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The state the action ran for (the state entered or left, or the transition's source).</param>
    /// <param name="trigger">The trigger being processed.</param>
    /// <param name="action">The action's name and JSON path, such as <c>addTag at $.states.qualified.onEntry[0]</c>.</param>
    /// <param name="attempts">How many times the step was tried.</param>
    /// <param name="innerException">The action's last error.</param>
    public CrmWorkflowActionException(Guid instanceId, string state, string trigger, string action, int attempts, Exception innerException)
        : base($"Workflow action {action} failed in state '{state}' on trigger '{trigger}' of instance '{instanceId}' after {attempts} attempt(s); the step was rolled back. {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
        InstanceId = instanceId;
        State = state;
        Trigger = trigger;
        Action = action;
        Attempts = attempts;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the state the action ran for.</summary>
    public string State { get; }

    /// <summary>Gets the trigger being processed.</summary>
    public string Trigger { get; }

    /// <summary>Gets the action's name and JSON path.</summary>
    public string Action { get; }

    /// <summary>Gets how many times the step was tried.</summary>
    public int Attempts { get; }
}
