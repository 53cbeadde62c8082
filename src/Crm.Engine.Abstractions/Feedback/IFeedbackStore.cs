using Crm.Engine.Storage;

namespace Crm.Engine.Feedback;

/// <summary>
/// Stores one tenant's surveys, invitations and responses, and aggregates NPS and CSAT counts in the database. Prove an
/// implementation with <c>FeedbackStorageConformanceTests</c> from <c>Crm.Engine.Testing</c>.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Inserts a survey.</summary>
    /// <param name="survey">The survey.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored survey.</returns>
    /// <exception cref="CrmDuplicateException">The id is taken.</exception>
    Task<Survey> InsertSurveyAsync(Survey survey, CancellationToken cancellationToken);

    /// <summary>Gets a survey.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The survey, or <see langword="null"/>.</returns>
    Task<Survey?> GetSurveyAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts an invitation.</summary>
    /// <param name="invitation">The invitation.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored invitation.</returns>
    Task<SurveyInvitation> InsertInvitationAsync(SurveyInvitation invitation, CancellationToken cancellationToken);

    /// <summary>Gets an invitation.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The invitation, or <see langword="null"/>.</returns>
    Task<SurveyInvitation?> GetInvitationAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts a response; an invitation is answered at most once.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored response.</returns>
    /// <exception cref="CrmDuplicateException">The invitation was already answered, or the id is taken.</exception>
    Task<SurveyResponse> InsertResponseAsync(SurveyResponse response, CancellationToken cancellationToken);

    /// <summary>Lists a customer's responses, newest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<SurveyResponse>> ListResponsesAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Counts promoters, passives, detractors and satisfied answers per group, in the database.</summary>
    /// <param name="query">The period, filters and grouping.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per group that has responses, ordered by key (null first); periods without responses are absent.</returns>
    Task<IReadOnlyList<FeedbackCounts>> CountAsync(FeedbackQuery query, CancellationToken cancellationToken);
}
