namespace Crm.Plugins.Storage.Sqlite;

internal sealed partial class SqliteStorageSession
{
    private SqliteBulkWrite? _bulkWrite;

    /// <summary>Gets the log size, in pages, above which a bulk write's commit waits for its checkpoint (tests lower it).</summary>
    internal int BulkWriteWalLimitPages { get; set; } = SqliteBulkWrite.DefaultWalLimitPages;

    /// <summary>Gets the open bulk write (for tests), or <see langword="null"/>.</summary>
    internal SqliteBulkWrite? BulkWrite => _bulkWrite;

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> BeginBulkWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_bulkWrite is not null)
        {
            throw new InvalidOperationException("A bulk write is already open on this session; dispose it before starting another.");
        }

        _bulkWrite = await SqliteBulkWrite.StartAsync(this, _connection.ConnectionString, BulkWriteWalLimitPages, cancellationToken).ConfigureAwait(false);
        return new Scope(this, _bulkWrite);
    }

    /// <summary>Lets an open bulk write checkpoint what the transaction just committed.</summary>
    internal Task CommittedAsync() => _bulkWrite is { } bulkWrite ? bulkWrite.CommittedAsync() : Task.CompletedTask;

    /// <summary>Creates a command that changes a connection setting, also while the session is being disposed.</summary>
    internal Microsoft.Data.Sqlite.SqliteCommand CreateSettingCommand(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Ends the open bulk write, if any (the scope's disposal, or the session's).</summary>
    private async ValueTask EndBulkWriteAsync()
    {
        if (_bulkWrite is { } bulkWrite)
        {
            _bulkWrite = null;
            await bulkWrite.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Scope(SqliteStorageSession session, SqliteBulkWrite bulkWrite) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ReferenceEquals(session._bulkWrite, bulkWrite) ? session.EndBulkWriteAsync() : ValueTask.CompletedTask;
    }
}
