namespace Crm.Engine;

internal sealed partial class CrmContext
{
    public Security.IAuditService Audit => new Security.AuditService(engine, Caller);
}
