namespace Crm.Engine.Storage;

public partial interface IStorageSession
{
    /// <summary>Gets the tenant's append-only audit log.</summary>
    /// <exception cref="NotSupportedException">The provider predates the audit log.</exception>
    IAuditStore Audit => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not keep an audit log (IAuditStore). Implement it and prove it with AuditStorageConformanceTests from Crm.Engine.Testing.");
}
