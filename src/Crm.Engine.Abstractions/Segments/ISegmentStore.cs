using Crm.Engine.Conditions;

namespace Crm.Engine.Storage;

/// <summary>
/// Stores saved segments and RFM scores, and evaluates conditions over <see cref="SegmentFields.Customer"/> in the
/// database. Reached through <see cref="IStorageSession.Segments"/>.
/// </summary>
public interface ISegmentStore
{
    /// <summary>Inserts or replaces a segment by name.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task UpsertAsync(SegmentDefinition segment, CancellationToken cancellationToken);

    /// <summary>Reads a segment by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The segment, or <see langword="null"/>.</returns>
    Task<SegmentDefinition?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists the segments by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The segments.</returns>
    Task<IReadOnlyList<SegmentDefinition>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a segment.</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether one was deleted.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Counts customers matching a condition already bound to a catalog derived from <see cref="SegmentFields.Customer"/>.</summary>
    /// <param name="query">The query; its filter is bound and typed attribute values are lowered to plain values.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken);

    /// <summary>Reads one page of customers matching a bound condition.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<Page<Customer>> QueryAsync(StorageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the customers matching a bound condition and reads one page of them. The default runs
    /// <see cref="CountAsync"/> and <see cref="QueryAsync"/>; a provider overrides it to evaluate the condition once.
    /// </summary>
    /// <param name="query">The query; its page selects the members returned, not the ones counted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count and the page.</returns>
    async Task<SegmentEvaluation> EvaluateAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        var count = await CountAsync(query, cancellationToken).ConfigureAwait(false);
        return new SegmentEvaluation(count, await QueryAsync(query, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Replaces the stored RFM scores with quintiles computed in the database for every customer with a purchase.</summary>
    /// <param name="asOf">The instant recency is measured from.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Customers per segment name.</returns>
    Task<IReadOnlyDictionary<string, long>> ComputeRfmAsync(DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Reads a customer's stored RFM scores.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scores, or <see langword="null"/>.</returns>
    Task<RfmScore?> GetRfmAsync(Guid customerId, CancellationToken cancellationToken);
}
