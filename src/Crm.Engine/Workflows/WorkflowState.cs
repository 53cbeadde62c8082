namespace Crm.Engine.Workflows;

/// <summary>Describes one state of a workflow.</summary>
public sealed record WorkflowState
{
    /// <summary>Gets the state's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the superstate, if this is a substate.</summary>
    public string? Parent { get; init; }

    /// <summary>Gets the substate entered when this superstate is the target of a transition, if any.</summary>
    public string? Initial { get; init; }

    /// <summary>Gets whether instances end here.</summary>
    public bool IsFinal { get; init; }

    /// <summary>Gets the actions run when the state is entered.</summary>
    public IReadOnlyList<WorkflowActionInvocation> OnEntry { get; init; } = [];

    /// <summary>Gets the actions run when the state is left.</summary>
    public IReadOnlyList<WorkflowActionInvocation> OnExit { get; init; } = [];

    /// <summary>Gets the durable timers started when the state is entered and cancelled when it is left.</summary>
    public IReadOnlyList<WorkflowTimeout> Timeouts { get; init; } = [];

    /// <summary>Gets the JSON path of the state in its document.</summary>
    public required string Path { get; init; }
}
