using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Postgres.Channels;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

public sealed partial class PostgresStorageProvider
{
    // One statement, like the timer claim: FOR UPDATE SKIP LOCKED lets dispatchers on several machines claim at once
    // without waiting for each other (a row another claimer has locked is skipped), and a row another claimer leased
    // and committed meanwhile is re-checked against the lease condition on its newest version (READ COMMITTED), so no
    // message is leased twice while its lease runs. The literal 'Pending' lets the planner use ix_outbox_messages_due.
    // The CTE's columns are renamed so RETURNING's unqualified column list can only mean the updated table.
    internal const string ClaimOutboxSql =
        "WITH due AS (SELECT tenant_id AS due_tenant, id AS due_id FROM outbox_messages " +
        "WHERE status = 'Pending' AND (next_attempt_at, next_attempt_at_tick) <= (@now, @now_tick) " +
        "AND (lease_until IS NULL OR (lease_until, lease_until_tick) <= (@now, @now_tick)) " +
        "ORDER BY next_attempt_at, next_attempt_at_tick LIMIT @max FOR UPDATE SKIP LOCKED) " +
        "UPDATE outbox_messages SET lease_owner = @owner, lease_until = @until, lease_until_tick = @until_tick " +
        "FROM due WHERE tenant_id = due_tenant AND id = due_id " +
        $"RETURNING {OutboxRows.MessageColumns};";

    // Unleased messages are claimable when due; leased ones when due and the lease has expired. Each half reads one
    // partial index: the first stops at its first entry, the second scans only the (few) leased messages.
    internal const string NextOutboxDueSql =
        "SELECT t, tick FROM (" +
        "(SELECT next_attempt_at AS t, next_attempt_at_tick AS tick FROM outbox_messages WHERE status = 'Pending' AND lease_until IS NULL " +
        "ORDER BY next_attempt_at, next_attempt_at_tick LIMIT 1) " +
        "UNION ALL " +
        "(SELECT CASE WHEN later THEN next_attempt_at ELSE lease_until END, CASE WHEN later THEN next_attempt_at_tick ELSE lease_until_tick END " +
        "FROM (SELECT next_attempt_at, next_attempt_at_tick, lease_until, lease_until_tick, " +
        "(next_attempt_at, next_attempt_at_tick) >= (lease_until, lease_until_tick) AS later " +
        "FROM outbox_messages WHERE status = 'Pending' AND lease_until IS NOT NULL) leased)" +
        ") due ORDER BY t, tick LIMIT 1;";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimDueOutboxMessagesAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var until = LeaseClaims.Validate(claim);
        var claimed = await ClaimAsync(ClaimOutboxSql, claim, until, OutboxRows.ReadMessage, cancellationToken).ConfigureAwait(false);
        var result = claimed.ConvertAll(m => new ClaimedOutboxMessage(m, until));

        // RETURNING yields rows in no promised order.
        result.Sort((a, b) => a.Message.NextAttemptAt.CompareTo(b.Message.NextAttemptAt));
        return result;
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextOutboxDueAsync(CancellationToken cancellationToken) => ReadInstantAsync(NextOutboxDueSql, cancellationToken);

    private async Task<List<T>> ClaimAsync<T>(string sql, LeaseClaim claim, DateTimeOffset until, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddInstant("now", claim.Now);
            command.Parameters.AddInteger("max", claim.MaxCount);
            command.Parameters.AddText("owner", claim.LeaseOwner);
            command.Parameters.AddInstant("until", until);
            var claimed = new List<T>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add(read(reader));
                }
            }

            return claimed;
        }
    }

    private async Task<DateTimeOffset?> ReadInstantAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInstant(0, 1) : null;
            }
        }
    }
}
