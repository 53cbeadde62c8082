using Crm.Engine.Events;

namespace Crm.Engine.Feedback;

/// <summary>Raised after a survey invitation was created (and, with a channel, queued in the outbox).</summary>
/// <param name="Invitation">The invitation.</param>
public sealed record SurveySent(SurveyInvitation Invitation) : CrmEvent;
