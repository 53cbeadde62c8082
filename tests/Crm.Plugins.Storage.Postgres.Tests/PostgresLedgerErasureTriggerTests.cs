using Crm.Engine.Loyalty;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>
/// Schema step 25: the loyalty ledger stays append-only for every client of the database, except the one update an
/// erasure makes (emptying an entry's reason).
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresLedgerErasureTriggerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task LedgerTrigger_AllowsEmptyingTheReasonOnly()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using (var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString }))
        {
            await provider.InitializeAsync(None);
            await using var session = await provider.OpenSessionAsync("t", None);
            await session.Loyalty.AppendAsync(new LoyaltyLedgerEntry
            {
                Id = Guid.NewGuid(), CustomerId = Guid.NewGuid(), Kind = LoyaltyEntryKind.Adjust, Points = 25, IdempotencyKey = "k-1",
                Reason = "Goodwill for Zoë", OccurredAt = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero),
            }, None);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var refused in new[]
        {
            "UPDATE loyalty_ledger SET points = 26;",
            "UPDATE loyalty_ledger SET reason = 'other';",
            "UPDATE loyalty_ledger SET reason = '', points = 26;",
            "UPDATE loyalty_ledger SET reason = '', idempotency_key = 'k-2';",
            "DELETE FROM loyalty_ledger;",
        })
        {
            await using var command = new NpgsqlCommand(refused, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        await using (var allowed = new NpgsqlCommand("UPDATE loyalty_ledger SET reason = '';", connection))
        {
            Assert.Equal(1, await allowed.ExecuteNonQueryAsync());
        }

        await using var read = new NpgsqlCommand("SELECT reason, points FROM loyalty_ledger;", connection);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("", 25L), (reader.GetString(0), reader.GetInt64(1)));
    }
}
