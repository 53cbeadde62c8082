using Crm.Engine.Security;

namespace Crm.Engine.Analytics;

/// <summary>Permissions of the analytics area beyond <see cref="CrmPermissions.ReportsRead"/>.</summary>
public static class AnalyticsPermissions
{
    /// <summary>Record and delete acquisition cost inputs.</summary>
    public static readonly CrmPermission CostsWrite = new("reports", "writeCosts");
}
