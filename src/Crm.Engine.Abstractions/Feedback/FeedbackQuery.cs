namespace Crm.Engine.Feedback;

/// <summary>Selects the responses NPS and CSAT are computed over, and how they are grouped.</summary>
public sealed record FeedbackQuery
{
    /// <summary>Gets the period's start, inclusive.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Gets the period's end, exclusive.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>Gets the grouping.</summary>
    public FeedbackGrouping GroupBy { get; init; }

    /// <summary>Gets the survey to restrict to, if any.</summary>
    public Guid? SurveyId { get; init; }

    /// <summary>Gets the campaign to restrict to, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the agent to restrict to, if any.</summary>
    public string? AgentId { get; init; }
}
