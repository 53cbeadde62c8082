namespace Crm.Engine.Storage;

/// <summary>
/// Stores one kind of record for one tenant, with optimistic concurrency on every change.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRepository<T>
    where T : class, ICrmEntity
{
    /// <summary>Reads a record by identifier.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> when the tenant has none with that identifier.</returns>
    Task<T?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Stores a new record with version 1.</summary>
    /// <param name="entity">The record; its tenant must be the session's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored record (version 1).</returns>
    /// <exception cref="CrmDuplicateException">The identifier exists already.</exception>
    /// <exception cref="CrmTenantMismatchException">The record belongs to another tenant.</exception>
    Task<T> InsertAsync(T entity, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a stored record if its stored version equals <see cref="ICrmEntity.Version"/> of <paramref name="entity"/>.
    /// </summary>
    /// <param name="entity">The changed record, carrying the version it was read at.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored record with its version incremented.</returns>
    /// <exception cref="CrmConcurrencyException">The stored version differs, or the record was deleted; nothing was written.</exception>
    /// <exception cref="CrmTenantMismatchException">The record belongs to another tenant.</exception>
    Task<T> UpdateAsync(T entity, CancellationToken cancellationToken);

    /// <summary>Deletes a record if its stored version equals <paramref name="expectedVersion"/>.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the record is deleted.</returns>
    /// <exception cref="CrmNotFoundException">No record has that identifier.</exception>
    /// <exception cref="CrmConcurrencyException">The stored version differs; nothing was deleted.</exception>
    Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Reads one page of records matching a query, using keyset paging.</summary>
    /// <param name="query">The filter, order and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page and the token for the next one.</returns>
    /// <exception cref="CrmValidationException">The filter names an unknown field or has a value of the wrong type.</exception>
    Task<Page<T>> QueryAsync(StorageQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the records matching a filter.</summary>
    /// <param name="query">The filter; order and paging are ignored.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The number of matching records.</returns>
    Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Stores many new records at once, all or none: in the session's transaction when one is open, otherwise in one of its own.
    /// </summary>
    /// <param name="entities">The records, each stored with version 1.</param>
    /// <param name="cancellationToken">Cancels the insert; nothing is stored.</param>
    /// <returns>The number of records stored.</returns>
    /// <exception cref="CrmDuplicateException">An identifier exists already; nothing was stored.</exception>
    Task<int> BulkInsertAsync(IEnumerable<T> entities, CancellationToken cancellationToken);
}
