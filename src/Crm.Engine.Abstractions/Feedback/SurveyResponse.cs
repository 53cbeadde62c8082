namespace Crm.Engine.Feedback;

/// <summary>
/// A customer's answers, recorded against the customer and the case or campaign that prompted the survey, and the
/// agent when known. <see cref="NpsScore"/> and <see cref="CsatScore"/> repeat the NPS and CSAT answers so the store
/// aggregates them in SQL.
/// </summary>
public sealed record SurveyResponse
{
    /// <summary>Gets the response's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the survey.</summary>
    public required Guid SurveyId { get; init; }

    /// <summary>Gets the invitation answered, or <see langword="null"/> for feedback recorded without one (by an agent).</summary>
    public Guid? InvitationId { get; init; }

    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the case that prompted it, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign that prompted it, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the agent (user id) it is about, if known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the segment it counts in, if any.</summary>
    public string? Segment { get; init; }

    /// <summary>Gets the answer to the NPS question (0-10), if the survey has one and it was answered.</summary>
    public int? NpsScore { get; init; }

    /// <summary>Gets the answer to the CSAT question (1-5), if the survey has one and it was answered.</summary>
    public int? CsatScore { get; init; }

    /// <summary>Gets every answer.</summary>
    public IReadOnlyList<SurveyAnswer> Answers { get; init; } = [];

    /// <summary>Gets when it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
