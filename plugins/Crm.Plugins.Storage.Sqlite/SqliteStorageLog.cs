using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>Defines the provider's log messages with stable event ids (5100-5199).</summary>
internal static partial class SqliteStorageLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Applied SQLite schema migration {Version} ({Name}).")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "SQLite schema is current at version {Version}.")]
    public static partial void SchemaCurrent(ILogger logger, int version);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "SQLite journal mode is '{Mode}' instead of 'wal'; concurrent readers will block writers.")]
    public static partial void WalUnavailable(ILogger logger, string mode);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Refreshed SQLite planner statistics: {Statement} took {ElapsedMilliseconds:F0} ms.")]
    public static partial void PlannerStatisticsRefreshed(ILogger logger, string statement, double elapsedMilliseconds);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "SQLite planner statistics were not refreshed at start because another connection holds the database ({Reason}); they are refreshed at the next start or by RefreshPlannerStatisticsAsync.")]
    public static partial void PlannerStatisticsSkipped(ILogger logger, string reason);
}
