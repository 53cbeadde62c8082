using Microsoft.Extensions.Logging;

namespace Crm.Engine;

/// <summary>Source-generated log messages of the engine core (event ids 1000–1099). Ids only, never personal data.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1000, LogLevel.Information, "Crm.Engine initialized with storage provider '{Provider}' in {ElapsedMs} ms")]
    public static partial void Initialized(ILogger logger, string provider, long elapsedMs);

    [LoggerMessage(1001, LogLevel.Error, "Starting engine component {Component} failed")]
    public static partial void ComponentStartFailed(ILogger logger, Exception exception, string component);

    [LoggerMessage(1002, LogLevel.Warning, "Stopping engine component {Component} failed")]
    public static partial void ComponentStopFailed(ILogger logger, Exception exception, string component);

    [LoggerMessage(1010, LogLevel.Error, "Event handler {Handler} failed for {EventType} {EventId}")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception, string handler, string eventType, Guid eventId);

    [LoggerMessage(1011, LogLevel.Error, "Event handler {Handler} timed out after {TimeoutMs} ms for {EventType} {EventId}")]
    public static partial void EventHandlerTimedOut(ILogger logger, string handler, double timeoutMs, string eventType, Guid eventId);

    [LoggerMessage(1020, LogLevel.Debug, "{Entity} {Id} {Operation} in tenant {TenantId}")]
    public static partial void RecordWritten(ILogger logger, string entity, Guid id, string operation, string tenantId);

    [LoggerMessage(1021, LogLevel.Debug, "Imported {Count} {Entity} records in tenant {TenantId}")]
    public static partial void Imported(ILogger logger, int count, string entity, string tenantId);
}
