namespace Crm.Engine;

/// <summary>Refuses records that name another tenant than the caller's; an empty tenant means "the caller's".</summary>
internal static class TenantGuard
{
    public static void Check(CrmCaller caller, string? recordTenantId)
    {
        if (!string.IsNullOrEmpty(recordTenantId) && !string.Equals(recordTenantId, caller.TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(caller.TenantId, recordTenantId);
        }
    }
}
