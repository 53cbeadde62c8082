namespace Crm.Engine.Feedback;

/// <summary>Asks for a survey invitation: sent through a channel (when <see cref="Channel"/> is set) or only created, for a link in another message.</summary>
public sealed record SurveyInvitationRequest
{
    /// <summary>Gets the survey.</summary>
    public required Guid SurveyId { get; init; }

    /// <summary>Gets the customer.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the case that prompted it, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign that prompted it, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the agent it is about, if known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the segment the response counts in, if any.</summary>
    public string? Segment { get; init; }

    /// <summary>Gets the channel to send through (<c>email</c>, <c>sms</c>...); <see langword="null"/> to only create the link.</summary>
    public string? Channel { get; init; }

    /// <summary>Gets the template of the message; its data gets <c>survey.name</c> and <c>survey.link</c>. Without one a plain text is sent.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Gets how long the link accepts responses; the feedback options' default when <see langword="null"/>.</summary>
    public TimeSpan? ValidFor { get; init; }
}
