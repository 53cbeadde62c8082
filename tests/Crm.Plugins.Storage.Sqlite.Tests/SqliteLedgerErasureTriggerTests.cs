using Crm.Engine.Loyalty;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>
/// Schema step 25: the loyalty ledger stays append-only for every client of the file, except the one update an erasure
/// makes (emptying an entry's reason).
/// </summary>
public sealed class SqliteLedgerErasureTriggerTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task LedgerTrigger_AllowsEmptyingTheReasonOnly()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            await session.Loyalty.AppendAsync(new LoyaltyLedgerEntry
            {
                Id = Guid.NewGuid(), CustomerId = Guid.NewGuid(), Kind = LoyaltyEntryKind.Adjust, Points = 25, IdempotencyKey = "k-1",
                Reason = "Goodwill for Zoë", OccurredAt = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero),
            }, None);
        }

        foreach (var refused in new[]
        {
            "UPDATE loyalty_ledger SET points = 26;",
            "UPDATE loyalty_ledger SET reason = 'other';",
            "UPDATE loyalty_ledger SET reason = '', points = 26;",
            "UPDATE loyalty_ledger SET reason = '', idempotency_key = 'k-2';",
            "DELETE FROM loyalty_ledger;",
        })
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(refused));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, await ExecuteAsync("UPDATE loyalty_ledger SET reason = '';"));
        Assert.Equal(("", 25L), (await ScalarAsync("SELECT reason FROM loyalty_ledger;"), await ScalarAsync("SELECT points FROM loyalty_ledger;")));
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
