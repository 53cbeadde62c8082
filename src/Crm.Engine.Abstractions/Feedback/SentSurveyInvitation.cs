namespace Crm.Engine.Feedback;

/// <summary>An invitation with its signed response token and link.</summary>
/// <param name="Invitation">The stored invitation.</param>
/// <param name="Token">The signed token a response presents.</param>
/// <param name="Link">The response link (the options' URL template with the token), or <see langword="null"/> without a template.</param>
public sealed record SentSurveyInvitation(SurveyInvitation Invitation, string Token, string? Link);
