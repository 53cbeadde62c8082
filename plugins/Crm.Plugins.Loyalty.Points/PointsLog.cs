using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>The plugin's log messages (event ids 6100-6199).</summary>
internal static partial class PointsLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Awarded {Points} points to customer {CustomerId} for {Kind} '{SourceId}' in tenant {TenantId}.")]
    public static partial void Awarded(ILogger logger, long points, Guid customerId, string kind, string sourceId, string tenantId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "{Kind} '{SourceId}' of customer {CustomerId} was already counted in tenant {TenantId}; nothing awarded.")]
    public static partial void AlreadyCounted(ILogger logger, string kind, string sourceId, Guid customerId, string tenantId);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Customer {CustomerId} moved from tier '{FromTier}' to '{ToTier}' with {QualifyingPoints} qualifying points in tenant {TenantId}.")]
    public static partial void TierChanged(ILogger logger, Guid customerId, string? fromTier, string? toTier, long qualifyingPoints, string tenantId);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Expired {Points} points of customer {CustomerId} in tenant {TenantId}.")]
    public static partial void Expired(ILogger logger, long points, Guid customerId, string tenantId);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Purchase {PurchaseId} in tenant {TenantId} earned no points: the plugin was not granted the storage capability.")]
    public static partial void NoStorage(ILogger logger, Guid purchaseId, string tenantId);
}
