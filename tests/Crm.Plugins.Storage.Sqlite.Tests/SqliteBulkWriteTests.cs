using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;
using static System.FormattableString;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>
/// A session's bulk write (what an import asks for): commits stop checkpointing, a background connection checkpoints
/// instead, the log stays bounded, and the data is in the database file once the scope ends.
/// </summary>
public sealed class SqliteBulkWriteTests : IDisposable
{
    private const string Tenant = "t";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task BulkWrite_Ended_EveryCommittedRowIsInTheDatabaseFileAndCheckpointsAreBack()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using (var session = (SqliteStorageSession)await provider.OpenSessionAsync(Tenant, None))
        {
            var scope = await session.BeginBulkWriteAsync(None);
            Assert.Equal(0L, await AutoCheckpointAsync(session));
            await WriteBatchesAsync(session, batches: 5, rows: 200);
            await scope.DisposeAsync();

            Assert.Null(session.BulkWrite);
            Assert.Equal(1000L, await AutoCheckpointAsync(session)); // SQLite's default, as the session had it
        }

        // A copy of the database file alone, without its log: only what was checkpointed into the file is there.
        var copy = Path.Combine(_database.Directory, "copy.db");
        File.Copy(_database.Path, copy);
        Assert.Equal(1000L, await ScalarAsync(copy, "SELECT count(*) FROM customers;")); // 5 batches × 200 rows
    }

    [Fact]
    public async Task BulkWrite_LogOverItsLimit_CommitWaitsForTheCheckpointSoTheLogRestartsInsteadOfGrowing()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await ScalarAsync(_database.Path, "PRAGMA wal_checkpoint(TRUNCATE);"); // the migrations' pages out of the log
        var before = new FileInfo(_database.Path).Length;
        await using (var session = (SqliteStorageSession)await provider.OpenSessionAsync(Tenant, None))
        {
            session.BulkWriteWalLimitPages = 10; // each 200-row batch writes more than that
            var scope = await session.BeginBulkWriteAsync(None);
            await WriteBatchesAsync(session, batches: 20, rows: 200);
            Assert.True(session.BulkWrite!.Passes > 0, "the background checkpoint never ran");
            await scope.DisposeAsync();
        }

        // The log's file keeps its largest extent. Had the log never restarted it would hold all 20 batches, as much as
        // they added to the database file; restarting after each waited-for checkpoint, it holds one or two batches.
        var log = new FileInfo(_database.Path + "-wal").Length;
        var added = new FileInfo(_database.Path).Length - before;
        Assert.True(log < added / 3, $"the log grew to {log} bytes while the batches added {added} bytes to the database file");
    }

    [Fact]
    public async Task BeginBulkWriteAsync_Twice_ThrowsAndTheFirstStaysUsable()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using var session = (SqliteStorageSession)await provider.OpenSessionAsync(Tenant, None);
        await using var scope = await session.BeginBulkWriteAsync(None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await session.BeginBulkWriteAsync(None));

        await WriteBatchesAsync(session, batches: 1, rows: 10);
        Assert.Equal(10L, await session.Customers.CountAsync(new StorageQuery(), None));
    }

    [Fact]
    public async Task Session_DisposedWithTheBulkWriteOpen_EndsItAndKeepsTheRows()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var session = (SqliteStorageSession)await provider.OpenSessionAsync(Tenant, None);
        var scope = await session.BeginBulkWriteAsync(None);
        await WriteBatchesAsync(session, batches: 2, rows: 50);

        await session.DisposeAsync();
        await scope.DisposeAsync(); // after the session: nothing left to do, and no error

        Assert.Null(session.BulkWrite);
        Assert.Equal(100L, await ScalarAsync(_database.Path, "SELECT count(*) FROM customers;"));
    }

    private static async Task WriteBatchesAsync(SqliteStorageSession session, int batches, int rows)
    {
        for (var b = 0; b < batches; b++)
        {
            await using var transaction = await session.BeginTransactionAsync(None);
            await session.Customers.BulkInsertAsync(
                // Ascending keys, as an import writes them: each batch appends, so batches write similar page counts.
                Enumerable.Range(0, rows).Select(i => new Customer
                {
                    Id = new Guid(Invariant($"{b:D8}-{i:D4}-0000-0000-000000000000")),
                    TenantId = Tenant,
                    FirstName = "First" + i,
                    LastName = "Last" + b,
                    Emails = [Invariant($"c{b:D3}-{i:D4}@example.com")],
                    ExternalId = Invariant($"x-{b:D3}-{i:D4}"),
                }),
                None);
            await transaction.CommitAsync(None);
        }
    }

    private static async Task<long> AutoCheckpointAsync(SqliteStorageSession session)
    {
        using var command = session.CreateSettingCommand("PRAGMA wal_autocheckpoint;");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        // Pooling off: the connection closes with this call and holds nothing that could pin the log.
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is long value ? value : 0;
    }
}
