namespace Crm.Engine.Storage;

/// <summary>
/// Represents an open transaction on a storage session. Disposing it without <see cref="CommitAsync"/> rolls it back.
/// </summary>
public interface IStorageTransaction : IAsyncDisposable
{
    /// <summary>Makes every write of the transaction durable and visible to others.</summary>
    /// <param name="cancellationToken">Cancels the commit before it starts.</param>
    /// <returns>A task that completes when the commit is durable.</returns>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Discards every write of the transaction.</summary>
    /// <param name="cancellationToken">Cancels the rollback before it starts.</param>
    /// <returns>A task that completes when the writes are discarded.</returns>
    Task RollbackAsync(CancellationToken cancellationToken);
}
