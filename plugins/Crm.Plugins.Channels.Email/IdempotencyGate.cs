using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Remembers the provider ids of recently delivered keys (a bounded least-recently-used cache) and lets concurrent
/// sends of one key share a single attempt, so the same key reaches the server once in this process.
/// </summary>
internal sealed class IdempotencyGate(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, string>>> _delivered = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, string>> _recency = new();
    private readonly Dictionary<string, Task<DeliveryResult>> _inFlight = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Returns the remembered result for the key, waits for a send of the same key already under way, or runs
    /// <paramref name="send"/>. Only deliveries are remembered; a failed send may be retried with the same key.
    /// </summary>
    public async ValueTask<DeliveryResult> RunAsync(
        string key,
        Func<CancellationToken, ValueTask<DeliveryResult>> send,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task<DeliveryResult>? running;
            TaskCompletionSource<DeliveryResult>? mine = null;
            lock (_lock)
            {
                if (_delivered.TryGetValue(key, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    return DeliveryResult.Delivered(node.Value.Value);
                }

                if (!_inFlight.TryGetValue(key, out running))
                {
                    mine = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight.Add(key, mine.Task);
                }
            }

            if (mine is null)
            {
                try
                {
                    return await running!.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The other caller gave up before an outcome; try again ourselves.
                    continue;
                }
            }

            return await RunOwnedAsync(key, mine, send, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<DeliveryResult> RunOwnedAsync(
        string key,
        TaskCompletionSource<DeliveryResult> mine,
        Func<CancellationToken, ValueTask<DeliveryResult>> send,
        CancellationToken cancellationToken)
    {
        DeliveryResult result;
        try
        {
            result = await send(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _inFlight.Remove(key);
            }

            // Waiters retry on their own rather than inherit this caller's cancellation or fault.
            mine.SetCanceled(CancellationToken.None);
            throw;
        }

        lock (_lock)
        {
            _inFlight.Remove(key);
            if (result.IsDelivered)
            {
                Remember(key, result.ProviderMessageId!);
            }
        }

        mine.SetResult(result);
        return result;
    }

    private void Remember(string key, string providerId)
    {
        if (capacity <= 0)
        {
            return;
        }

        _delivered[key] = _recency.AddFirst(new KeyValuePair<string, string>(key, providerId));
        while (_delivered.Count > capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _delivered.Remove(oldest.Value.Key);
        }
    }
}
