using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>Defines the provider's log messages with stable event ids (1400-1499). They name hosts and versions, never credentials.</summary>
internal static partial class PostgresStorageLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Applied PostgreSQL schema migration {Version} ({Name}).")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "PostgreSQL schema is current at version {Version}.")]
    public static partial void SchemaCurrent(ILogger logger, int version);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Waiting for the schema migration lock held by another instance.")]
    public static partial void WaitingForMigrationLock(ILogger logger);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "PostgreSQL storage uses {Connection}.")]
    public static partial void UsingServer(ILogger logger, string connection);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "Bulk-copied {Count} rows into {Table}.")]
    public static partial void BulkCopied(ILogger logger, int count, string table);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "The purge after an erasure did not vacuum every table, so old row versions may remain until autovacuum: {Reason}. Run the application with a role that owns the tables, or vacuum them from a job that does.")]
    public static partial void ErasurePurgeIncomplete(ILogger logger, string reason);
}
