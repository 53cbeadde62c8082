using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>Wraps the session's open SQLite transaction; disposing it without commit rolls it back.</summary>
internal sealed class SqliteStorageTransaction(SqliteStorageSession session, SqliteTransaction transaction) : IStorageTransaction
{
    private bool _completed;

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        await CompleteAsync().ConfigureAwait(false);
        await session.CommittedAsync().ConfigureAwait(false);
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        await CompleteAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // SqliteTransaction rolls back on dispose when it was neither committed nor rolled back.
            await CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync()
    {
        _completed = true;
        session.EndUserTransaction(transaction);
        await transaction.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction was already committed, rolled back or disposed.");
        }
    }
}
