using Microsoft.Extensions.Logging;

namespace Crm.Engine.Security;

/// <summary>Source-generated log messages of access control (event ids 1900–1919). Names permissions and user ids, never field values.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(1900, LogLevel.Warning, "Crm.Engine permissions are not enforced: every caller holds every permission (tenancy still applies). Call ConfigureSecurity(...) on the engine builder to enforce roles; see docs/security.md")]
    public static partial void NotEnforced(ILogger logger);

    [LoggerMessage(1901, LogLevel.Information, "Access denied in tenant {TenantId}: user {UserId} via {Origin} lacks {Permission}: {Reason}")]
    public static partial void Denied(ILogger logger, string tenantId, string userId, string origin, string permission, string reason);

    [LoggerMessage(1902, LogLevel.Error, "Appending the audit record of {Action} on {RecordType} {RecordId} in tenant {TenantId} failed; the change itself is committed")]
    public static partial void AuditAppendFailed(ILogger logger, Exception exception, string recordType, string recordId, string action, string tenantId);

    [LoggerMessage(1903, LogLevel.Warning, "Writes are not audited: {Reason}")]
    public static partial void AuditNotSupported(ILogger logger, string reason);
}
