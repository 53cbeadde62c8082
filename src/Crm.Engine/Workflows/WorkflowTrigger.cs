using NJsonSchema;

namespace Crm.Engine.Workflows;

/// <summary>Declares a trigger: its payload schema and the domain events that fire it.</summary>
public sealed record WorkflowTrigger
{
    /// <summary>Gets the trigger's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the JSON Schema a payload must satisfy, or <see langword="null"/> when any payload (or none) is accepted.</summary>
    public JsonSchema? PayloadSchema { get; init; }

    /// <summary>Gets the domain events that fire this trigger.</summary>
    public IReadOnlyList<WorkflowEventBinding> Events { get; init; } = [];
}
