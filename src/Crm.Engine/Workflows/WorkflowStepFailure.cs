namespace Crm.Engine.Workflows;

/// <summary>Signals inside the runtime that an action of a step failed, with what the retry loop and the error message need.</summary>
internal sealed class WorkflowStepFailure(WorkflowRetryPolicy retry, string state, string action, Exception innerException)
    : Exception($"Action {action} failed in state '{state}'.", innerException)
{
    public WorkflowRetryPolicy Retry { get; } = retry;

    public string State { get; } = state;

    public string Action { get; } = action;
}
