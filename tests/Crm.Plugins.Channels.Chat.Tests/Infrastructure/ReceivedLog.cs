namespace Crm.Plugins.Channels.Testing;

/// <summary>
/// What a fake provider received, in order, with waits that wake on each arrival instead of sleeping.
/// </summary>
internal sealed class ReceivedLog<T>
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    public IReadOnlyList<T> Where(Func<T, bool> match)
    {
        lock (_lock)
        {
            return _items.Where(match).ToList();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="atLeast"/> matches, then returns all there are.</summary>
    public async Task<IReadOnlyList<T>> WaitAsync(Func<T, bool> match, int atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            List<T> matches;
            Task changed;
            lock (_lock)
            {
                matches = _items.Where(match).ToList();
                changed = _changed.Task;
            }

            if (matches.Count >= atLeast)
            {
                return matches;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Where(match);
            }
        }
    }
}
