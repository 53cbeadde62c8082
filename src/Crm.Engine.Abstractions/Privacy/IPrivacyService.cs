namespace Crm.Engine;

/// <summary>
/// Records consent, exports everything held about a customer, and erases a customer's personal data while keeping
/// anonymous aggregates (purchase amounts and dates, interaction counts and channels).
/// </summary>
public interface IPrivacyService : IConsentChecker
{
    /// <summary>Appends a consent decision to the customer's history.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="channel">The channel, such as <c>email</c>.</param>
    /// <param name="purpose">The purpose, such as <c>marketing</c>.</param>
    /// <param name="status">Granted or withdrawn.</param>
    /// <param name="source">Where it was captured, such as <c>signup-form</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored record, stamped with the current time and the caller.</returns>
    /// <exception cref="CrmNotFoundException">No such customer.</exception>
    /// <exception cref="CrmValidationException">A channel, purpose or source is empty or too long.</exception>
    Task<ConsentRecord> RecordConsentAsync(Guid customerId, string channel, string purpose, ConsentStatus status, string source, CancellationToken cancellationToken = default);

    /// <summary>Reads the customer's consent history, oldest first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<ConsentRecord>> GetConsentHistoryAsync(Guid customerId, CancellationToken cancellationToken = default);

    /// <summary>Writes everything held about a customer as one JSON document (profile, interactions, purchases, consent, RFM, merges).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="output">Receives UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>A task that completes when the document is written.</returns>
    /// <exception cref="CrmNotFoundException">No such customer.</exception>
    Task ExportAsync(Guid customerId, Stream output, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a customer's personal data across all records in one transaction, keeps anonymous aggregates, stores an
    /// <see cref="ErasureRecord"/>, and makes sure no copy remains in the storage files (secure delete, log checkpoint).
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="reason">Why, without personal data.</param>
    /// <param name="cancellationToken">Cancels the erasure; nothing is changed.</param>
    /// <returns>The erasure record.</returns>
    /// <exception cref="CrmNotFoundException">No such customer.</exception>
    Task<ErasureRecord> EraseAsync(Guid customerId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lists the erasure log of the tenant, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<ErasureRecord>> GetErasureLogAsync(CancellationToken cancellationToken = default);
}
