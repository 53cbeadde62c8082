namespace Crm.Engine.Support;

/// <summary>
/// A customer's support request, from opening to resolution, with its SLA due times. Every message on the case is an
/// <see cref="Interaction"/> whose <see cref="Interaction.CaseId"/> is the case's id.
/// </summary>
public sealed record SupportCase : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer the case is for.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the one-line subject.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the longer description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the priority; it selects the SLA targets.</summary>
    public CasePriority Priority { get; init; } = CasePriority.Normal;

    /// <summary>Gets the category (billing, delivery, ...), free text.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the status.</summary>
    public CaseStatus Status { get; init; } = CaseStatus.New;

    /// <summary>Gets the agent the case is assigned to, if any.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the team the case belongs to, if any.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the channel the case was opened from (<see cref="InteractionChannels"/>, <c>api</c>, <c>alert</c>, <c>workflow</c>).</summary>
    public string Channel { get; init; } = "api";

    /// <summary>Gets the SLA policy the due times were computed with, if any.</summary>
    public string? SlaPolicy { get; init; }

    /// <summary>Gets when the case was opened; the SLA clocks start here.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the first outbound message on the case was sent, if yet.</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }

    /// <summary>Gets when the case was resolved, if it is.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Gets when the first response is due under the SLA, if a policy applies.</summary>
    public DateTimeOffset? FirstResponseDueAt { get; init; }

    /// <summary>Gets when the resolution is due under the SLA, if a policy applies.</summary>
    public DateTimeOffset? ResolutionDueAt { get; init; }

    /// <summary>Gets how many times the case was escalated (0 when never).</summary>
    public int EscalationLevel { get; init; }

    /// <summary>
    /// Gets the key that makes opening idempotent (an alert's occurrence, a workflow step), if any: a second open with
    /// the same key returns the case the first one opened.
    /// </summary>
    public string? OpenKey { get; init; }

    /// <summary>Gets when the case was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>Gets whether the case is still to be worked on (not resolved or closed).</summary>
    public bool IsOpen => Status is CaseStatus.New or CaseStatus.Open or CaseStatus.Pending;
}
