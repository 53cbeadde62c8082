namespace Crm.Engine.Feedback;

/// <summary>
/// An invitation of one customer to answer a survey, sent through a channel or linked from a message. The response link
/// carries a token signed by the engine, so a response cannot be forged for another invitation or tenant.
/// </summary>
public sealed record SurveyInvitation
{
    /// <summary>Gets the invitation's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the survey.</summary>
    public required Guid SurveyId { get; init; }

    /// <summary>Gets the customer invited.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the support case that prompted the survey, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign that prompted the survey, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the agent (user id) the feedback is about, if known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the segment the customer was counted in when invited (for scores by segment), if any.</summary>
    public string? Segment { get; init; }

    /// <summary>Gets the channel it was sent through, or <see langword="null"/> when it is only linked.</summary>
    public string? Channel { get; init; }

    /// <summary>Gets the outbox message that carries it, if it was sent.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>Gets when it was created.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Gets when the link stops accepting responses.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
