using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Sqlite.Channels;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite;

public sealed partial class SqliteStorageProvider
{
    // One statement, so SQLite's write lock makes the claim atomic: two dispatchers on one file never lease one message
    // at once. The literal 'Pending' lets the planner use the partial index ix_outbox_messages_due.
    internal const string ClaimOutboxSql =
        "UPDATE outbox_messages SET lease_owner = @owner, lease_until = @until WHERE rowid IN (" +
        "SELECT rowid FROM outbox_messages WHERE status = 'Pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
        "ORDER BY next_attempt_at LIMIT @max) " +
        $"RETURNING {OutboxRows.MessageColumns};";

    // Unleased messages are claimable when due; leased ones when due and the lease has expired. Each half reads one
    // partial index: the first stops at its first unleased entry, the second scans only the (few) leased messages.
    internal const string NextOutboxDueSql =
        "SELECT MIN(t) FROM (" +
        "SELECT MIN(next_attempt_at) AS t FROM outbox_messages WHERE status = 'Pending' AND lease_until IS NULL " +
        "UNION ALL SELECT MIN(MAX(next_attempt_at, lease_until)) FROM outbox_messages WHERE status = 'Pending' AND lease_until IS NOT NULL);";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedOutboxMessage>> ClaimDueOutboxMessagesAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var until = LeaseClaims.Validate(claim);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ClaimOutboxSql;
            BindClaim(command, claim, until);
            var claimed = new List<ClaimedOutboxMessage>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add(new ClaimedOutboxMessage(OutboxRows.ReadMessage(reader), until));
                }
            }

            // RETURNING yields rows in no promised order.
            claimed.Sort((a, b) => a.Message.NextAttemptAt.CompareTo(b.Message.NextAttemptAt));
            return claimed;
        }
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextOutboxDueAsync(CancellationToken cancellationToken) => ReadInstantAsync(NextOutboxDueSql, cancellationToken);

    private static void BindClaim(SqliteCommand command, LeaseClaim claim, DateTimeOffset until)
    {
        command.Parameters.AddWithValue("@owner", claim.LeaseOwner);
        command.Parameters.AddWithValue("@until", SqliteValues.ToTicks(until));
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(claim.Now));
        command.Parameters.AddWithValue("@max", claim.MaxCount);
    }

    private async Task<DateTimeOffset?> ReadInstantAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks ? SqliteValues.FromTicks(ticks) : null;
        }
    }
}
