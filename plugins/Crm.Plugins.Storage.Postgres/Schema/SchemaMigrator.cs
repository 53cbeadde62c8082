using Npgsql;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>
/// Brings a database to the current schema in one transaction that first takes a transaction-scoped advisory lock:
/// instances starting at once queue on the lock, and each later one finds the steps applied. PostgreSQL DDL is
/// transactional, so a failed or cancelled step leaves nothing behind.
/// </summary>
internal sealed class SchemaMigrator(NpgsqlConnection connection, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The advisory lock key every Crm.Engine instance migrating this database takes ("CRMENGIN" in ASCII).</summary>
    public const long LockKey = 0x43524D454E47494E;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await TryLockAsync(transaction, cancellationToken).ConfigureAwait(false))
            {
                PostgresStorageLog.WaitingForMigrationLock(logger);
                await ExecuteAsync("SELECT pg_advisory_xact_lock(@key);", transaction, cancellationToken, LockKey).ConfigureAwait(false);
            }

            await ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS crm_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);",
                transaction,
                cancellationToken).ConfigureAwait(false);

            var applied = new HashSet<int>();
            using (var read = new NpgsqlCommand("SELECT version FROM crm_schema_migrations;", connection, transaction))
            {
                var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        applied.Add(reader.GetInt32(0));
                    }
                }
            }

            var latest = SchemaMigrations.All[^1].Version;
            if (applied.Count > 0 && applied.Max() > latest)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database is at schema version {applied.Max()}, newer than the {latest} this provider knows. Upgrade Crm.Plugins.Storage.Postgres.");
            }

            var done = new List<Migration>();
            foreach (var migration in SchemaMigrations.All)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (applied.Contains(migration.Version))
                {
                    continue;
                }

                await ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
                using var record = new NpgsqlCommand("INSERT INTO crm_schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt);", connection, transaction);
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("appliedAt", timeProvider.GetUtcNow().ToUniversalTime());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                done.Add(migration);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var migration in done)
            {
                PostgresStorageLog.MigrationApplied(logger, migration.Version, migration.Name);
            }

            PostgresStorageLog.SchemaCurrent(logger, latest);
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key);", connection, transaction);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql, NpgsqlTransaction transaction, CancellationToken cancellationToken, long? key = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        if (key is not null)
        {
            command.Parameters.AddWithValue("key", key.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
