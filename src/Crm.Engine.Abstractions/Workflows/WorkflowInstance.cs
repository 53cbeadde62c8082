namespace Crm.Engine.Workflows;

/// <summary>
/// Records one run of a workflow definition for one entity: which definition version it follows and where it stands.
/// </summary>
/// <remarks>
/// Instances keep the definition version they started on until a migration moves them. Every change goes through
/// optimistic concurrency on <see cref="Version"/>, so two fires of one instance never overwrite each other.
/// </remarks>
public sealed record WorkflowInstance : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the workflow definition's identifier, such as <c>lead-lifecycle</c>.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the definition version the instance follows.</summary>
    public required int WorkflowVersion { get; init; }

    /// <summary>Gets the kind of entity the instance drives, as written in the definition: <c>customer</c>, <c>lead</c>, <c>deal</c> or <c>case</c>.</summary>
    public required string EntityKind { get; init; }

    /// <summary>Gets the entity the instance drives.</summary>
    public required Guid EntityId { get; init; }

    /// <summary>Gets the current (innermost) state.</summary>
    public required string State { get; init; }

    /// <summary>Gets whether the instance still accepts triggers.</summary>
    public WorkflowInstanceStatus Status { get; init; }

    /// <summary>Gets when the instance was started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the instance last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }
}
