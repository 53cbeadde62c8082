using Crm.Engine.Events;

namespace Crm.Engine.Feedback;

/// <summary>Raised after a survey response was recorded.</summary>
/// <param name="Response">The response.</param>
public sealed record FeedbackReceived(SurveyResponse Response) : CrmEvent;
