using Crm.Engine.Storage;

namespace Crm.Engine.Security;

/// <summary>Reads the tenant's audit log; needs <c>audit.read</c>. Sensitive values are masked unless the caller also holds <c>customers.readSensitive</c>.</summary>
public interface IAuditService
{
    /// <summary>Lists the writes to one record, newest first.</summary>
    /// <param name="recordType">The record type, such as <c>Customer</c>.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first page of the default size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of audit records.</returns>
    Task<Page<AuditRecord>> ForRecordAsync(string recordType, string recordId, PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>Lists one user's (or component's) writes, newest first.</summary>
    /// <param name="actor">The user id.</param>
    /// <param name="page">The page, or <see langword="null"/> for the first page of the default size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of audit records.</returns>
    Task<Page<AuditRecord>> ForActorAsync(string actor, PageRequest? page = null, CancellationToken cancellationToken = default);
}
