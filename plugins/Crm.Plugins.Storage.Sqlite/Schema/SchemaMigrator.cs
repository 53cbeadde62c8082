using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>
/// Brings a database to the current schema: each pending migration runs in its own immediate transaction, which
/// also serializes concurrent initializers, so running it twice or from two processes at once is safe.
/// </summary>
internal sealed class SchemaMigrator(SqliteConnection connection, TimeProvider timeProvider, ILogger logger, bool refreshPlannerStatistics = true)
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await EnableWalAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);",
            null,
            cancellationToken).ConfigureAwait(false);

        var latest = SchemaMigrations.All[^1].Version;
        foreach (var migration in SchemaMigrations.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ApplyAsync(migration, cancellationToken).ConfigureAwait(false);
        }

        var stored = await ScalarAsync("SELECT MAX(version) FROM schema_migrations;", null, cancellationToken).ConfigureAwait(false);
        if (stored is long version && version > latest)
        {
            throw new InvalidOperationException(
                $"The SQLite database is at schema version {version}, newer than the {latest} this provider knows. Upgrade Crm.Plugins.Storage.Sqlite.");
        }

        // Tables with new indexes (from the steps above) or grown tenfold since their last analysis get full statistics;
        // a cheap check when nothing changed.
        if (refreshPlannerStatistics)
        {
            try
            {
                await new PlannerStatistics(connection, logger).RefreshStaleAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode is SqliteBusy or SqliteLocked)
            {
                // Statistics only guide the planner: another writer holding the database must not stop the start.
                SqliteStorageLog.PlannerStatisticsSkipped(logger, exception.Message);
            }
        }

        SqliteStorageLog.SchemaCurrent(logger, latest);
    }

    private async Task EnableWalAsync(CancellationToken cancellationToken)
    {
        var mode = await ScalarAsync("PRAGMA journal_mode = WAL;", null, cancellationToken).ConfigureAwait(false) as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            SqliteStorageLog.WalUnavailable(logger, mode ?? "unknown");
        }
    }

    private async Task ApplyAsync(Migration migration, CancellationToken cancellationToken)
    {
        // IMMEDIATE takes the write lock before the check, so two initializers cannot both apply a step.
        var transaction = connection.BeginTransaction(deferred: false);
        await using (transaction.ConfigureAwait(false))
        {
            var applied = await ScalarAsync("SELECT 1 FROM schema_migrations WHERE version = @version;", transaction, cancellationToken, migration.Version).ConfigureAwait(false);
            if (applied is not null)
            {
                return;
            }

            await ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt);";
                record.Parameters.AddWithValue("@version", migration.Version);
                record.Parameters.AddWithValue("@name", migration.Name);
                record.Parameters.AddWithValue("@appliedAt", timeProvider.GetUtcNow().UtcTicks);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            SqliteStorageLog.MigrationApplied(logger, migration.Version, migration.Name);
        }
    }

    private async Task ExecuteAsync(string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ScalarAsync(string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, int? version = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (version is not null)
        {
            command.Parameters.AddWithValue("@version", version.Value);
        }

        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is DBNull ? null : result;
    }
}
