namespace Crm.Engine.Storage;

/// <summary>
/// Supports duplicate detection and merges: a compact read of match keys and the re-pointing of related records.
/// Reached through <see cref="IStorageSession.Merges"/>.
/// </summary>
public interface IMergeStore
{
    /// <summary>Streams the match keys (names, company, addresses, phones) of every customer of the tenant.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The keys in no particular order.</returns>
    IAsyncEnumerable<CustomerMatchKeys> ReadMatchKeysAsync(CancellationToken cancellationToken);

    /// <summary>Counts a customer's interactions and purchases.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The two counts.</returns>
    Task<(long Interactions, long Purchases)> CountRelatedAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Moves every interaction and purchase of <paramref name="fromId"/> to <paramref name="toId"/>.</summary>
    /// <param name="fromId">The merged customer.</param>
    /// <param name="toId">The survivor.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many interactions and purchases were moved.</returns>
    Task<(long Interactions, long Purchases)> RepointAsync(Guid fromId, Guid toId, CancellationToken cancellationToken);

    /// <summary>Stores a merge record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task InsertRecordAsync(MergeRecord record, CancellationToken cancellationToken);

    /// <summary>Lists the merge records whose survivor or merged customer is <paramref name="customerId"/>, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<MergeRecord>> ListRecordsAsync(Guid customerId, CancellationToken cancellationToken);
}
