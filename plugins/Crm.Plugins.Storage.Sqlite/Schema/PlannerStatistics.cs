using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>
/// Keeps the query planner's statistics (<c>sqlite_stat1</c>) current and exact: asks SQLite which tables are stale,
/// then analyzes each of them in full.
/// </summary>
/// <remarks>
/// Why not plain <c>PRAGMA optimize</c>: since SQLite 3.46 it analyzes under a temporary sampling limit, and sampled
/// statistics misjudge the low-cardinality column every index here leads with. On 5 million interactions of one tenant
/// they claimed about 1,300 rows per tenant instead of 5 million, which steered segment queries off their covering
/// index (2.5 s instead of 0.7 s). A table is stale when it has an index that was never analyzed (new indexes after a
/// migration, or tables that were empty at the last analysis) or its row count changed about tenfold since.
/// </remarks>
internal sealed class PlannerStatistics(SqliteConnection connection, ILogger logger)
{
    /// <summary>SQLite's optimize mask: 0x01 only report, 0x02 consider analysis, 0x10000 check every table; no 0x10 (no sampling limit).</summary>
    private const string ReportStaleTables = "PRAGMA optimize = 0x10003;";

    /// <summary>Analyzes, in full, every table SQLite considers stale; returns how many it analyzed.</summary>
    /// <remarks>ANALYZE writes <c>sqlite_stat1</c>, so it holds the write lock while it reads the table.</remarks>
    public async Task<int> RefreshStaleAsync(CancellationToken cancellationToken)
    {
        var statements = await StaleTableStatementsAsync(cancellationToken).ConfigureAwait(false);
        if (statements.Count == 0)
        {
            return 0;
        }

        await ExecuteAsync("PRAGMA analysis_limit = 0;", cancellationToken).ConfigureAwait(false);
        foreach (var statement in statements)
        {
            var started = Stopwatch.GetTimestamp();

            // The statement text is SQLite's own ("ANALYZE "main"."table""), with the identifiers already quoted.
            await ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            SqliteStorageLog.PlannerStatisticsRefreshed(logger, statement, elapsed.TotalMilliseconds);
        }

        return statements.Count;
    }

    private async Task<List<string>> StaleTableStatementsAsync(CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = ReportStaleTables;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetValue(0) is string text && text.StartsWith("ANALYZE ", StringComparison.Ordinal))
                {
                    statements.Add(text.TrimEnd(';') + ";");
                }
            }
        }

        // A table without an index (the full-text index's shadow tables) stays "stale" for ever while empty, and its
        // statistics steer no index choice: analyzing it would take the write lock at every start for nothing.
        var indexed = new List<string>(statements.Count);
        foreach (var statement in statements)
        {
            if (await HasIndexAsync(TableName(statement), cancellationToken).ConfigureAwait(false))
            {
                indexed.Add(statement);
            }
        }

        return indexed;
    }

    /// <summary>The table of <c>ANALYZE "main"."name";</c>: the last quoted identifier, with doubled quotes undone.</summary>
    private static string TableName(string statement)
    {
        var end = statement.LastIndexOf('"');
        var start = statement.LastIndexOf("\".\"", end, StringComparison.Ordinal) + 3;
        return statement[start..end].Replace("\"\"", "\"", StringComparison.Ordinal);
    }

    private async Task<bool> HasIndexAsync(string table, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM pragma_index_list(@table));";
        command.Parameters.AddWithValue("@table", table);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1L;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
