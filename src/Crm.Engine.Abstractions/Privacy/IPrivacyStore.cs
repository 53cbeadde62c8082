namespace Crm.Engine.Storage;

/// <summary>
/// Stores consent history and the erasure log, and erases a customer's personal data in place.
/// Reached through <see cref="IStorageSession.Privacy"/>.
/// </summary>
public interface IPrivacyStore
{
    /// <summary>Appends a consent record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task AppendConsentAsync(ConsentRecord record, CancellationToken cancellationToken);

    /// <summary>Reads a customer's consent records, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<ConsentRecord>> ListConsentAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Reads the latest consent record for a channel and purpose.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    Task<ConsentRecord?> GetLatestConsentAsync(Guid customerId, string channel, string purpose, CancellationToken cancellationToken);

    /// <summary>
    /// Removes or anonymizes every piece of personal data of a customer and of every customer merged into it, in one
    /// transaction: profile fields, addresses, phones, attributes, tags, external ids, merge snapshots, interaction
    /// subjects, bodies and metadata, messages and webhook deliveries that name the person, deal titles and lost reasons,
    /// quote and purchase line names, lead needs, case subjects and descriptions, alert messages, survey answers, loyalty
    /// reasons, consent sources, workflow payloads, pending jobs that name the customer, and the values of audit records
    /// of the person's records. Keeps ids, amounts, scores, stages, channels and times, so analytics are unchanged.
    /// Deleted content must be overwritten, not just unlinked. The per-table decisions are in docs/customer-data.md.
    /// </summary>
    /// <param name="record">The erasure record to store with the erasure; the counts are filled by the store.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>The record with the counts.</returns>
    Task<ErasureRecord> EraseAsync(ErasureRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure erased content survives in no storage file: called after the erasure commits (for SQLite, a
    /// truncating WAL checkpoint).
    /// </summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>A task that completes when no copy remains.</returns>
    Task PurgeAsync(CancellationToken cancellationToken);

    /// <summary>Lists the erasure log, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(CancellationToken cancellationToken);
}
