using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// A session's bulk write (<see cref="Crm.Engine.Storage.IStorageSession.BeginBulkWriteAsync"/>): the session's own
/// commits stop checkpointing the write-ahead log, and a background task on a connection of its own copies the log into
/// the database file after each commit instead, so the writer only appends to the log while the other core checkpoints.
/// </summary>
/// <remarks>
/// <para>
/// With SQLite's default (a checkpoint whenever the log passes 1,000 pages) every 5,000-row import batch, ~2,500
/// pages, ran a whole checkpoint inside its commit: read the batch back from the log, write it into the database file,
/// sync both. That was a third of the import's writing thread.
/// </para>
/// <para>
/// Durability is unchanged: commits write and sync the log exactly as before (the session's <c>synchronous</c> setting),
/// and checkpoints are SQLite's own passive checkpoints. The log restarts from its beginning only when a transaction
/// begins after a checkpoint copied all of it, so a commit that finds the log larger than
/// <see cref="WalLimitPages"/> waits for the running pass to finish: the log stays bounded instead of growing to the
/// size of the import.
/// </para>
/// </remarks>
internal sealed class SqliteBulkWrite : IAsyncDisposable
{
    /// <summary>Log size, in pages, above which a commit waits for the checkpoint: 16,384 pages of 4 KiB, 64 MiB.</summary>
    public const int DefaultWalLimitPages = 16_384;

    /// <summary>SQLite's default checkpoint threshold, which the session's connection gets back afterwards.</summary>
    private const int DefaultAutoCheckpointPages = 1_000;

    private readonly SqliteStorageSession _session;
    private readonly SqliteConnection _checkpointer;
    private readonly SemaphoreSlim _requests = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Task _loop;
    private TaskCompletionSource _passEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _requested;
    private long _completed;
    private long _walPages;
    private bool _disposed;
    private bool _loopEnded;

    private SqliteBulkWrite(SqliteStorageSession session, SqliteConnection checkpointer, int walLimitPages)
    {
        _session = session;
        _checkpointer = checkpointer;
        WalLimitPages = walLimitPages;
        // A thread of its own for the length of the bulk write: a pass must not wait for a busy thread pool.
        _loop = Task.Factory.StartNew(CheckpointLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Gets the log size, in pages, above which a commit waits for the checkpoint.</summary>
    public int WalLimitPages { get; }

    /// <summary>Gets the pages the log held at the end of the last checkpoint pass (for tests).</summary>
    internal long LastWalPages => Interlocked.Read(ref _walPages);

    /// <summary>Gets the checkpoint passes run so far (for tests).</summary>
    internal long Passes => Interlocked.Read(ref _completed);

    /// <summary>Turns the session's checkpoints off and starts the background checkpoint on a connection of its own.</summary>
    public static async Task<SqliteBulkWrite> StartAsync(SqliteStorageSession session, string connectionString, int walLimitPages, CancellationToken cancellationToken)
    {
        var checkpointer = new SqliteConnection(connectionString);
        try
        {
            await checkpointer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SetAutoCheckpointAsync(session, 0, cancellationToken).ConfigureAwait(false);
            return new SqliteBulkWrite(session, checkpointer, walLimitPages);
        }
        catch
        {
            await checkpointer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Called after each commit of the session: asks for a checkpoint pass and, when the log has outgrown
    /// <see cref="WalLimitPages"/>, waits for a pass that covers this commit, so the next transaction restarts the log.
    /// </summary>
    public async Task CommittedAsync()
    {
        long ticket;
        lock (_lock)
        {
            ticket = ++_requested;
        }

        _requests.Release();
        // Wait when the log has outgrown its limit, or when the checkpoint has fallen more than one commit behind
        // (a pass takes a fraction of a batch, so on a machine with a core to spare this is rare).
        lock (_lock)
        {
            if (Interlocked.Read(ref _walPages) <= WalLimitPages && ticket - _completed <= 1)
            {
                return;
            }
        }

        while (true)
        {
            Task passEnded;
            lock (_lock)
            {
                if (_completed >= ticket || _loopEnded)
                {
                    return;
                }

                passEnded = _passEnded.Task;
            }

            await passEnded.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the background checkpoint, copies what the log still holds, and gives the session its checkpoints back.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the loop ends by cancellation
            }

            try
            {
                // The last commits' pages, copied now so that the import's data is in the database file when it returns.
                Checkpoint();
            }
            catch (SqliteException)
            {
                // Another connection is checkpointing: it copies these pages, or the next automatic checkpoint does.
            }
        }
        finally
        {
            // Whatever happened above, the pooled connection gets its automatic checkpoints back.
            await SetAutoCheckpointAsync(_session, DefaultAutoCheckpointPages, CancellationToken.None).ConfigureAwait(false);
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
            _requests.Dispose();
            _stop.Dispose();
        }
    }

    private static async Task SetAutoCheckpointAsync(SqliteStorageSession session, int pages, CancellationToken cancellationToken)
    {
        using var command = session.CreateSettingCommand("PRAGMA wal_autocheckpoint = " + pages.ToString(CultureInfo.InvariantCulture) + ";");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void CheckpointLoop()
    {
        try
        {
            RunPasses(_stop.Token);
        }
        finally
        {
            // Stopped or failed: no pass will end any more, so no commit may wait for one.
            lock (_lock)
            {
                _loopEnded = true;
            }

            _passEnded.TrySetResult();
        }
    }

    private void RunPasses(CancellationToken stop)
    {
        while (true)
        {
            _requests.Wait(stop); // throws when the bulk write ends
            // Requests that arrived meanwhile are covered by this pass: it copies every commit made before it starts.
            while (_requests.Wait(0, CancellationToken.None))
            {
            }

            long covered;
            lock (_lock)
            {
                covered = _requested;
            }

            try
            {
                Checkpoint();
            }
            catch (SqliteException)
            {
                // Busy (another connection checkpoints) or failing: the log grows as it would with a failed automatic
                // checkpoint, and the next commit asks again; a waiting commit is released below either way.
            }
            finally
            {
                TaskCompletionSource ended;
                lock (_lock)
                {
                    _completed = covered;
                    ended = _passEnded;
                    _passEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                ended.TrySetResult();
            }
        }
    }

    private void Checkpoint()
    {
        using var command = _checkpointer.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        // One row: busy, pages in the log, pages checkpointed (-1 when the database is not in WAL mode).
        if (reader.Read())
        {
            Interlocked.Exchange(ref _walPages, Math.Max(0, reader.GetInt64(1)));
        }
    }
}
