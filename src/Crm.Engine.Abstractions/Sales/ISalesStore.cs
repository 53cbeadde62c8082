using Crm.Engine.Storage;

namespace Crm.Engine.Sales;

/// <summary>
/// Stores one tenant's leads, pipelines, deals (with stage history), quotes and orders; every write joins the
/// session's transaction. Updates are compare-and-swap on <see cref="ICrmEntity.Version"/> and throw
/// <see cref="CrmConcurrencyException"/> on a stale version; inserts of an existing identifier throw
/// <see cref="CrmDuplicateException"/>. Prove an implementation with <c>SalesStorageConformanceTests</c> of Crm.Engine.Testing.
/// </summary>
public interface ISalesStore
{
    /// <summary>Inserts (version 0) or updates (compare-and-swap) a lead profile.</summary>
    /// <param name="lead">The profile.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored profile with its new version.</returns>
    Task<LeadProfile> SaveLeadAsync(LeadProfile lead, CancellationToken cancellationToken);

    /// <summary>Gets a lead profile.</summary>
    /// <param name="leadId">The lead (customer) identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile, or <see langword="null"/>.</returns>
    Task<LeadProfile?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken);

    /// <summary>Lists lead profiles by stored score, highest first, then identifier.</summary>
    /// <param name="page">The page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page.</returns>
    Task<Page<LeadProfile>> ListLeadsAsync(PageRequest page, CancellationToken cancellationToken) =>
        ListLeadsAsync(page, null, cancellationToken);

    /// <summary>Lists the lead profiles <paramref name="visibleTo"/> allows, by stored score, highest first, then identifier.</summary>
    /// <param name="page">The page.</param>
    /// <param name="visibleTo">The records the caller may see (record rules), or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page.</returns>
    Task<Page<LeadProfile>> ListLeadsAsync(PageRequest page, Security.RecordVisibility? visibleTo, CancellationToken cancellationToken);

    /// <summary>Deletes a lead profile (used when a merged customer's profile gives way to the survivor's).</summary>
    /// <param name="leadId">The lead.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a profile was deleted.</returns>
    Task<bool> DeleteLeadAsync(Guid leadId, CancellationToken cancellationToken);

    /// <summary>Inserts (version 0) or updates (compare-and-swap) a pipeline.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored pipeline.</returns>
    Task<Pipeline> SavePipelineAsync(Pipeline pipeline, CancellationToken cancellationToken);

    /// <summary>Gets a pipeline.</summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The pipeline, or <see langword="null"/>.</returns>
    Task<Pipeline?> GetPipelineAsync(Guid pipelineId, CancellationToken cancellationToken);

    /// <summary>Inserts (version 0) or updates (compare-and-swap) a deal.</summary>
    /// <param name="deal">The deal.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored deal.</returns>
    Task<Deal> SaveDealAsync(Deal deal, CancellationToken cancellationToken);

    /// <summary>Gets a deal.</summary>
    /// <param name="dealId">The deal.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The deal, or <see langword="null"/>.</returns>
    Task<Deal?> GetDealAsync(Guid dealId, CancellationToken cancellationToken);

    /// <summary>Lists deals by creation time, then identifier.</summary>
    /// <param name="query">Filters and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One page.</returns>
    Task<Page<Deal>> ListDealsAsync(DealQuery query, CancellationToken cancellationToken);

    /// <summary>Appends a stage history entry; a second entry with the same deal and sequence throws <see cref="CrmDuplicateException"/>.</summary>
    /// <param name="change">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    Task AppendStageChangeAsync(DealStageChange change, CancellationToken cancellationToken);

    /// <summary>Gets a deal's stage history by sequence.</summary>
    /// <param name="dealId">The deal.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<DealStageChange>> GetStageHistoryAsync(Guid dealId, CancellationToken cancellationToken);

    /// <summary>Moves every deal of <paramref name="mergedCustomerId"/> to <paramref name="survivorId"/> (versions incremented).</summary>
    /// <param name="survivorId">The surviving customer.</param>
    /// <param name="mergedCustomerId">The merged customer.</param>
    /// <param name="now">The update time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many deals moved.</returns>
    Task<long> RepointDealsAsync(Guid survivorId, Guid mergedCustomerId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Computes the weighted forecast in the store (see <see cref="ForecastLine"/>).</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Lines ordered by period start, then owner (unowned first).</returns>
    Task<IReadOnlyList<ForecastLine>> ForecastAsync(ForecastQuery query, CancellationToken cancellationToken);

    /// <summary>Computes the sums behind <see cref="SalesMetrics"/> in the store.</summary>
    /// <param name="query">The query.</param>
    /// <param name="pipeline">The pipeline, for stage order.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sums.</returns>
    Task<SalesAggregates> AggregateAsync(SalesMetricsQuery query, Pipeline pipeline, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the deal funnel (lead, qualified, opportunity, won) of the leads captured in
    /// [<paramref name="start"/>, <paramref name="endExclusive"/>), in one statement (see <see cref="LeadFunnelCounts"/>).
    /// </summary>
    /// <param name="start">The first instant leads were captured.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="NotSupportedException">The provider does not implement it (the default).</exception>
    Task<LeadFunnelCounts> CountLeadFunnelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This storage provider does not aggregate the lead funnel for analytics.");

    /// <summary>Inserts (version 0) or updates (compare-and-swap) a quote; the compare-and-swap makes acceptance happen once.</summary>
    /// <param name="quote">The quote.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored quote.</returns>
    Task<Quote> SaveQuoteAsync(Quote quote, CancellationToken cancellationToken);

    /// <summary>Gets a quote.</summary>
    /// <param name="quoteId">The quote.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The quote, or <see langword="null"/>.</returns>
    Task<Quote?> GetQuoteAsync(Guid quoteId, CancellationToken cancellationToken);

    /// <summary>Inserts an order; one order per quote (a second throws <see cref="CrmDuplicateException"/>).</summary>
    /// <param name="order">The order (version 0).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored order.</returns>
    Task<Order> InsertOrderAsync(Order order, CancellationToken cancellationToken);

    /// <summary>Gets an order.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The order, or <see langword="null"/>.</returns>
    Task<Order?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken);
}
