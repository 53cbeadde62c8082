using Crm.Engine.Conditions;

namespace Crm.Engine.Analytics;

/// <summary>
/// Computes the aggregates behind KPIs in the database (never by reading every row into memory) and stores acquisition
/// cost inputs. Reached through <see cref="Storage.IStorageSession.Analytics"/>; prove an implementation with
/// <c>AnalyticsStorageConformanceTests</c> from Crm.Engine.Testing.
/// </summary>
/// <remarks>
/// Every period is half-open, <c>[start, endExclusive)</c>. Amounts are in one currency; rows in other currencies are left out.
/// New report sections add one method here each (with a default implementation throwing <see cref="NotSupportedException"/>
/// so older providers keep compiling).
/// </remarks>
public interface IAnalyticsStore
{
    /// <summary>Inserts or replaces an acquisition cost by id.</summary>
    /// <param name="cost">The cost.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task UpsertCostAsync(AcquisitionCost cost, CancellationToken cancellationToken);

    /// <summary>Reads an acquisition cost by id.</summary>
    /// <param name="id">The cost's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cost, or <see langword="null"/>.</returns>
    Task<AcquisitionCost?> GetCostAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Deletes an acquisition cost.</summary>
    /// <param name="id">The cost's id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a cost was deleted.</returns>
    Task<bool> DeleteCostAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Lists the costs booked in a period, oldest first.</summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The costs.</returns>
    Task<IReadOnlyList<AcquisitionCost>> ListCostsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken);

    /// <summary>Sums the costs booked in a period per channel.</summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="currency">The currency counted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sum per channel.</returns>
    Task<IReadOnlyList<KeyedAmount>> SumCostsByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, string currency, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the customers whose first purchase (any currency) falls in the period, per the channel of their first
    /// interaction; customers without interactions count under <see cref="AnalyticsChannels.Unattributed"/>.
    /// </summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count per channel.</returns>
    Task<IReadOnlyList<KeyedCount>> CountAcquiredByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken);

    /// <summary>Aggregates the purchases in a period, optionally of the customers matching a condition.</summary>
    /// <param name="start">The first instant, or <see langword="null"/> for all history.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="currency">The currency counted.</param>
    /// <param name="customers">A condition over <see cref="SegmentFields.Customer"/> bound by the engine, or <see langword="null"/> for every customer.</param>
    /// <param name="asOf">The instant relative dates in <paramref name="customers"/> are measured from.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    Task<OrderTotals> GetOrderTotalsAsync(DateTimeOffset? start, DateTimeOffset endExclusive, string currency, Condition? customers, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Aggregates purchases and new customer records per bucket.</summary>
    /// <param name="boundaries">Ascending bucket boundaries; bucket i is <c>[boundaries[i], boundaries[i + 1])</c>.</param>
    /// <param name="currency">The currency counted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One point per bucket, in order, empty buckets included.</returns>
    Task<IReadOnlyList<RevenuePoint>> GetRevenueTrendAsync(IReadOnlyList<DateTimeOffset> boundaries, string currency, CancellationToken cancellationToken);

    /// <summary>Counts, per bucket, the customers active at its start and, of those, the ones no longer active at its end.</summary>
    /// <param name="boundaries">Ascending bucket boundaries.</param>
    /// <param name="window">A customer is active at t when they bought (any currency) in <c>[t - window, t)</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One point per bucket, in order.</returns>
    Task<IReadOnlyList<ChurnPoint>> GetChurnAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Counts churn over the whole span of <paramref name="boundaries"/> (first to last) and per bucket, which the report
    /// needs together. Override it to read the purchases once; the default makes two <see cref="GetChurnAsync"/> calls.
    /// </summary>
    /// <param name="boundaries">Ascending bucket boundaries, at least two.</param>
    /// <param name="window">A customer is active at t when they bought (any currency) in <c>[t - window, t)</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The whole-span point and one point per bucket.</returns>
    async Task<ChurnCounts> GetChurnWithTrendAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            throw new ArgumentException("Churn needs at least two boundaries.", nameof(boundaries));
        }

        var whole = await GetChurnAsync([boundaries[0], boundaries[^1]], window, cancellationToken).ConfigureAwait(false);
        var trend = await GetChurnAsync(boundaries, window, cancellationToken).ConfigureAwait(false);
        return new ChurnCounts(whole[0], trend);
    }

    /// <summary>
    /// Counts the monthly cohorts whose month starts in the period and, per later month up to the end of the period,
    /// how many of each bought (any currency).
    /// </summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="basis">What puts a customer in a cohort.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sizes and cells.</returns>
    Task<CohortCounts> GetCohortsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CohortBasis basis, CancellationToken cancellationToken);

    /// <summary>Counts the customers created in the period by their current lifecycle stage (the enum name).</summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count per stage; stages without customers are left out.</returns>
    Task<IReadOnlyList<KeyedCount>> CountByLifecycleStageAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken);

    /// <summary>Counts the interactions that occurred in the period per channel and direction.</summary>
    /// <param name="start">The first instant.</param>
    /// <param name="endExclusive">The first instant after.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    Task<IReadOnlyList<InteractionCount>> CountInteractionsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken);
}
