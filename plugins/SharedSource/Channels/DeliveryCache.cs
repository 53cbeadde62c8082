using Crm.Engine.Channels;

namespace Crm.Plugins.Channels;

/// <summary>
/// Makes sends idempotent within the process: a key that was delivered answers with the first result without sending
/// again, and concurrent sends of one key share a single attempt. Only deliveries are remembered (a failed key may be
/// retried), and only the most recent <c>capacity</c> of them, oldest forgotten first.
/// </summary>
internal sealed class DeliveryCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<DeliveryResult>> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _delivered = new();

    /// <summary>Gets how many delivered keys are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _delivered.Count;
            }
        }
    }

    /// <summary>Returns the remembered result for the key, or runs <paramref name="send"/> once for it.</summary>
    public async ValueTask<DeliveryResult> GetOrSendAsync<TState>(
        string key,
        TState state,
        Func<TState, CancellationToken, Task<DeliveryResult>> send,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<DeliveryResult>? owned = null;
            Task<DeliveryResult>? existing;
            lock (_lock)
            {
                if (!_entries.TryGetValue(key, out existing))
                {
                    owned = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _entries.Add(key, owned.Task);
                }
            }

            if (owned is null)
            {
                try
                {
                    return await existing!.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The caller who owned the attempt gave up; this caller has not, so it tries itself.
                    continue;
                }
            }

            return await SendOnceAsync(key, owned, state, send, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DeliveryResult> SendOnceAsync<TState>(
        string key,
        TaskCompletionSource<DeliveryResult> owned,
        TState state,
        Func<TState, CancellationToken, Task<DeliveryResult>> send,
        CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await send(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Forget(key);
            if (exception is OperationCanceledException)
            {
                owned.SetCanceled(CancellationToken.None);
            }
            else
            {
                owned.SetException(exception);
                _ = owned.Task.Exception; // observed: waiters rethrow it, and a lone owner must not raise UnobservedTaskException
            }

            throw;
        }

        if (result.IsDelivered)
        {
            Remember(key);
        }
        else
        {
            Forget(key);
        }

        owned.SetResult(result);
        return result;
    }

    private void Remember(string key)
    {
        lock (_lock)
        {
            _delivered.Enqueue(key);
            while (_delivered.Count > capacity)
            {
                _entries.Remove(_delivered.Dequeue());
            }
        }
    }

    private void Forget(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }
}
