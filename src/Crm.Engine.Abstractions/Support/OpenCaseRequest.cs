namespace Crm.Engine.Support;

/// <summary>Asks to open a support case.</summary>
public sealed record OpenCaseRequest
{
    /// <summary>Gets the customer the case is for.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the subject.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the priority.</summary>
    public CasePriority Priority { get; init; } = CasePriority.Normal;

    /// <summary>Gets the category, if any.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the channel the request came from; <c>api</c> when not given.</summary>
    public string Channel { get; init; } = "api";

    /// <summary>Gets the team; with no <see cref="OwnerId"/> the case is assigned by the team's strategy.</summary>
    public string? TeamId { get; init; }

    /// <summary>Gets the agent to assign, if chosen by the caller.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Gets the SLA policy by name; the configured default when not given.</summary>
    public string? SlaPolicy { get; init; }

    /// <summary>Gets the key that makes the open idempotent; see <see cref="SupportCase.OpenKey"/>.</summary>
    public string? OpenKey { get; init; }

    /// <summary>Gets the interaction that prompted the case (an inbound message), linked to the case when given.</summary>
    public Guid? SourceInteractionId { get; init; }
}
