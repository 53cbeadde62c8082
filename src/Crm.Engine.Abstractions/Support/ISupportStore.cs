using Crm.Engine.Storage;

namespace Crm.Engine.Support;

/// <summary>Stores a tenant's cases, SLA milestones, assignment turns, alerts and knowledge articles.</summary>
/// <remarks>Every write joins the session's transaction. Prove an implementation with <c>SupportStorageConformanceTests</c> from Crm.Engine.Testing.</remarks>
public interface ISupportStore
{
    /// <summary>Inserts a case unless another case has its <see cref="SupportCase.OpenKey"/>.</summary>
    /// <param name="supportCase">The case, with id and times set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored case (version 1), or <see langword="null"/> when the open key is taken.</returns>
    /// <exception cref="CrmDuplicateException">A case with the id exists.</exception>
    Task<SupportCase?> TryInsertCaseAsync(SupportCase supportCase, CancellationToken cancellationToken);

    /// <summary>Gets a case.</summary>
    /// <param name="id">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    Task<SupportCase?> GetCaseAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Finds the case opened with an open key.</summary>
    /// <param name="openKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    Task<SupportCase?> FindCaseByOpenKeyAsync(string openKey, CancellationToken cancellationToken);

    /// <summary>Updates a case if its stored version is <see cref="SupportCase.Version"/>.</summary>
    /// <param name="supportCase">The case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored case, version incremented.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs, or the case is gone.</exception>
    Task<SupportCase> UpdateCaseAsync(SupportCase supportCase, CancellationToken cancellationToken);

    /// <summary>Lists cases, newest opened first, with keyset paging.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page.</returns>
    Task<Page<SupportCase>> QueryCasesAsync(CaseQuery query, CancellationToken cancellationToken);

    /// <summary>Gets a customer's open cases and most recent cases in one round trip.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="recentLimit">How many recent cases.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cases.</returns>
    Task<CustomerCases> GetCustomerCasesAsync(Guid customerId, int recentLimit, CancellationToken cancellationToken);

    /// <summary>Finds the customer's newest open case opened from a channel.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    Task<SupportCase?> FindOpenCaseAsync(Guid customerId, string channel, CancellationToken cancellationToken);

    /// <summary>Counts the open cases of each of the given owners, in one aggregate query.</summary>
    /// <param name="ownerIds">The owners.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count per owner; owners without open cases are missing or zero.</returns>
    Task<IReadOnlyDictionary<string, long>> CountOpenCasesByOwnerAsync(IReadOnlyCollection<string> ownerIds, CancellationToken cancellationToken);

    /// <summary>Takes the next round-robin turn of a team atomically: concurrent callers get distinct turns.</summary>
    /// <param name="teamId">The team.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The turn: 0 the first time, then 1, 2, ...</returns>
    Task<long> NextAssignmentTurnAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>Records that a milestone fired for a case, unless it already did.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="milestone">The milestone.</param>
    /// <param name="firedAt">When.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True the first time, false when it was recorded before.</returns>
    Task<bool> TryRecordSlaMilestoneAsync(Guid caseId, SlaMilestone milestone, DateTimeOffset firedAt, CancellationToken cancellationToken);

    /// <summary>Inserts an alert unless one with its occurrence key exists.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when inserted, false when the occurrence already had an alert.</returns>
    Task<bool> TryInsertAlertAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Lists alerts, newest first, with keyset paging.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page.</returns>
    Task<Page<Alert>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>Inserts an article (version 1) or updates it if its stored version is <see cref="KnowledgeArticle.Version"/>, keeping the search index in step.</summary>
    /// <param name="article">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored article.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs.</exception>
    Task<KnowledgeArticle> SaveArticleAsync(KnowledgeArticle article, CancellationToken cancellationToken);

    /// <summary>Gets an article.</summary>
    /// <param name="id">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The article, or <see langword="null"/>.</returns>
    Task<KnowledgeArticle?> GetArticleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Deletes an article and its index entry.</summary>
    /// <param name="id">The article.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DeleteArticleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Searches articles with the provider's ranked full-text search.</summary>
    /// <param name="terms">The search terms, already split into words (letters and digits only).</param>
    /// <param name="search">The search options (tag, drafts, limit).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hits, best first; articles matching any term.</returns>
    Task<IReadOnlyList<KnowledgeSearchHit>> SearchArticlesAsync(IReadOnlyList<string> terms, KnowledgeSearch search, CancellationToken cancellationToken);

    /// <summary>Moves the cases of a merged customer to the survivor.</summary>
    /// <param name="survivorId">The survivor.</param>
    /// <param name="mergedId">The merged customer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many cases moved.</returns>
    Task<long> RepointCustomerAsync(Guid survivorId, Guid mergedId, CancellationToken cancellationToken);

    /// <summary>
    /// Sums the cases opened in a period for the analytics report: responded and resolved counts with their total
    /// durations, and SLA milestones decided and met (see <see cref="Analytics.SupportCaseTotals"/>).
    /// </summary>
    /// <param name="start">The first instant cases were opened.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="asOf">The instant a milestone not done counts as missed once past due.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement it (the default).</exception>
    Task<Analytics.SupportCaseTotals> GetCaseTotalsAsync(DateTimeOffset start, DateTimeOffset endExclusive, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This storage provider does not aggregate support cases for analytics.");
}
