using Crm.Engine.Security;

namespace Crm.Engine.Storage;

/// <summary>
/// Keeps one tenant's audit log. Append-only: there is no update or delete, and providers should refuse both at the
/// database level too. Appends join the session's transaction.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends records; a record whose id is already stored is skipped (events may be delivered twice).</summary>
    /// <param name="records">The records, all of the session's tenant.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// For an erasure: empties the changes (the before and after values) of every record concerning the customer, the
    /// only modification an audit store allows. Who wrote what record when stays.
    /// </summary>
    /// <param name="customerId">The erased customer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many records were redacted.</returns>
    Task<int> RedactCustomerAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Reads records matching the query, newest first, keyset paged.</summary>
    /// <param name="query">Record type and id, or actor, and the page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of records.</returns>
    Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
