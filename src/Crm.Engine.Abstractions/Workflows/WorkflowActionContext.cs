using System.Text.Json;

namespace Crm.Engine.Workflows;

/// <summary>
/// Describes the workflow step an action runs for.
/// </summary>
public sealed record WorkflowActionContext
{
    /// <summary>Gets the services acting for the workflow's tenant.</summary>
    public required ICrmContext Crm { get; init; }

    /// <summary>Gets the workflow definition's identifier.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the workflow definition's version.</summary>
    public required int WorkflowVersion { get; init; }

    /// <summary>Gets the workflow instance.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>Gets the entity the instance drives (a customer, lead, deal or case identifier).</summary>
    public required Guid EntityId { get; init; }

    /// <summary>Gets the state the instance is entering, leaving or in.</summary>
    public required string State { get; init; }

    /// <summary>Gets the trigger being processed.</summary>
    public required string Trigger { get; init; }

    /// <summary>Gets the trigger's payload, or an undefined element when it has none.</summary>
    public JsonElement Payload { get; init; }

    /// <summary>Gets a key that is the same every time this step is retried or replayed; actions deduplicate by it.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets the instant the step runs at, from the engine's clock.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets a callback that fires another trigger on the same instance after the current one completes.</summary>
    public Func<string, JsonElement?, CancellationToken, Task>? FireAfter { get; init; }
}
