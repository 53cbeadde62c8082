namespace Crm.Engine.Storage;

public partial interface IStorageSession
{
    /// <summary>
    /// Tells the provider that this session is about to write many rows in a series of transactions (a bulk import),
    /// so it may tune its connection for throughput until the returned scope is disposed. Durability is unchanged:
    /// every committed transaction stays as durable as without the scope.
    /// </summary>
    /// <remarks>
    /// Providers without such tuning return a scope that does nothing (the default). Disposing the scope restores the
    /// session's settings and finishes any work the provider deferred (for SQLite: copying the write-ahead log into the
    /// database file, which it does in the background while the scope is open).
    /// </remarks>
    /// <param name="cancellationToken">Cancels starting the scope.</param>
    /// <returns>The scope; dispose it when the bulk write ends.</returns>
    ValueTask<IAsyncDisposable> BeginBulkWriteAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable>(NoBulkWriteScope.Instance);

    /// <summary>The scope of a provider that does not tune bulk writes.</summary>
    private sealed class NoBulkWriteScope : IAsyncDisposable
    {
        public static readonly NoBulkWriteScope Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
