using Crm.Engine.Storage;

namespace Crm.Engine.Feedback;

/// <summary>Surveys, invitations through channels, responses, and NPS/CSAT by segment, period and agent, for one caller.</summary>
public interface IFeedbackService
{
    /// <summary>Defines a survey.</summary>
    /// <param name="survey">The survey.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored survey.</returns>
    /// <exception cref="CrmValidationException">The survey is invalid (names each problem).</exception>
    Task<Survey> DefineSurveyAsync(Survey survey, CancellationToken cancellationToken = default);

    /// <summary>Gets a survey.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The survey, or <see langword="null"/>.</returns>
    Task<Survey?> GetSurveyAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Creates an invitation with a signed response link and, when a channel is given, queues it in the outbox (same transaction).</summary>
    /// <param name="request">The invitation request.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The invitation, token and link.</returns>
    Task<SentSurveyInvitation> InviteAsync(SurveyInvitationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Records the answers presented with an invitation's signed token (from the response link).</summary>
    /// <param name="token">The token.</param>
    /// <param name="answers">The answers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored response.</returns>
    /// <exception cref="CrmValidationException">The token is forged, of another tenant or expired, or an answer is invalid.</exception>
    /// <exception cref="CrmDuplicateException">The invitation was already answered.</exception>
    Task<SurveyResponse> RespondAsync(string token, IReadOnlyList<SurveyAnswer> answers, CancellationToken cancellationToken = default);

    /// <summary>Records feedback taken without an invitation (by an agent on the phone, from an import).</summary>
    /// <param name="response">The response; its scores are derived from the answers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored response.</returns>
    Task<SurveyResponse> RecordAsync(SurveyResponse response, CancellationToken cancellationToken = default);

    /// <summary>Lists a customer's responses, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<SurveyResponse>> ListResponsesAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Computes NPS and CSAT per group; counts are aggregated by the store in SQL. Grouped by period, every period from
    /// <see cref="FeedbackQuery.From"/> to <see cref="FeedbackQuery.Until"/> is listed, empty ones with null scores;
    /// ungrouped, there is always exactly one row.
    /// </summary>
    /// <param name="query">The period, filters and grouping.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scores.</returns>
    Task<IReadOnlyList<FeedbackScore>> GetScoresAsync(FeedbackQuery query, CancellationToken cancellationToken = default);
}
