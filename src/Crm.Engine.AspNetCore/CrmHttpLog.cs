using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore;

/// <summary>Log messages of the HTTP layer (event ids 1300–1349); they carry sources and tenants, never bodies.</summary>
internal static partial class CrmHttpLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Webhook from {Source} for tenant {TenantId} accepted with {MessageCount} message(s)")]
    public static partial void WebhookAccepted(ILogger logger, string source, string tenantId, int messageCount);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Webhook from {Source} for tenant {TenantId} rejected ({Rejection}): {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string source, string tenantId, string rejection, string? reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Webhook from {Source} for tenant {TenantId} refused: the body exceeds {Limit} bytes")]
    public static partial void WebhookTooLarge(ILogger logger, string source, string tenantId, int limit);
}
