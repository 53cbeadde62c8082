namespace Crm.Engine;

/// <content>Surveys and feedback.</content>
public partial interface ICrmContext
{
    /// <summary>Gets surveys, invitations, responses and NPS/CSAT.</summary>
    /// <exception cref="NotSupportedException">The implementation predates feedback.</exception>
    Feedback.IFeedbackService Feedback => throw NotSupported(nameof(Feedback));
}
