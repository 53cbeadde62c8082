using System.Text.Json;
using Crm.Engine.Events;
using Crm.Engine.Storage;

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

    /// <summary>
    /// Gets the tenant session of the step's transaction, or <see langword="null"/> outside the workflow runtime.
    /// Writes through it commit with the state change or are rolled back with it when a later action fails.
    /// </summary>
    /// <remarks>
    /// Write CRM records through this session, not through <see cref="Crm"/>: the services of <see cref="Crm"/> open
    /// connections of their own, which are not part of the step and, on SQLite, wait for the step's write lock.
    /// </remarks>
    public IStorageSession? Storage { get; init; }

    /// <summary>Gets the kind of entity the instance drives: <c>customer</c>, <c>lead</c>, <c>deal</c> or <c>case</c>.</summary>
    public string EntityKind { get; init; } = "customer";

    /// <summary>
    /// Gets a callback that publishes a domain event once the step has committed (and never when it rolls back), for
    /// actions that change records through <see cref="Storage"/>; <see langword="null"/> outside the workflow runtime.
    /// </summary>
    public Action<CrmEvent>? PublishAfterCommit { get; init; }
}
