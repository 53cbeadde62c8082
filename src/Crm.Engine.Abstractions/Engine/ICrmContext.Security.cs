namespace Crm.Engine;

public partial interface ICrmContext
{
    /// <summary>Gets the tenant's audit log (reading needs <c>audit.read</c>).</summary>
    /// <exception cref="NotSupportedException">The implementation predates the audit log.</exception>
    Security.IAuditService Audit => throw NotSupported(nameof(Audit));
}
