using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>Moves an instance from one state to another when a trigger fires and the guard holds.</summary>
public sealed record WorkflowTransition
{
    /// <summary>Gets the source state (a superstate's transitions apply in all its substates).</summary>
    public required string From { get; init; }

    /// <summary>Gets the trigger.</summary>
    public required string Trigger { get; init; }

    /// <summary>Gets the target state, or <see langword="null"/> for an internal transition (no exit or entry).</summary>
    public string? To { get; init; }

    /// <summary>Gets whether the transition exits and re-enters its own state.</summary>
    public bool IsReentry { get; init; }

    /// <summary>Gets the guard over the entity's fields and <c>payload.*</c>, or <see langword="null"/> when unguarded.</summary>
    public Condition? Guard { get; init; }

    /// <summary>Gets the guard's description for diagnostics, such as <c>budget confirmed</c>.</summary>
    public string? GuardDescription { get; init; }

    /// <summary>Gets the actions run between leaving the source and entering the target.</summary>
    public IReadOnlyList<WorkflowActionInvocation> Actions { get; init; } = [];

    /// <summary>Gets the JSON path of the transition in its document.</summary>
    public required string Path { get; init; }
}
