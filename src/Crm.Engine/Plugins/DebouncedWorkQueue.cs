using System.Collections.Concurrent;

namespace Crm.Engine.Plugins;

/// <summary>
/// Collects change notifications per key (a plugin folder) and hands each key to one sequential worker once it has
/// been quiet for the debounce period, so a deploy that writes many files causes one reload.
/// </summary>
internal sealed class DebouncedWorkQueue(TimeProvider timeProvider, TimeSpan debounce)
{
    private readonly ConcurrentDictionary<string, long> _due = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _roundDone = NewSignal();
    private int _processing;

    /// <summary>Gets a value indicating whether a key is waiting for its quiet period or being processed.</summary>
    public bool IsBusy => !_due.IsEmpty || Volatile.Read(ref _processing) != 0;

    /// <summary>Completes once no key is waiting for its quiet period or being processed.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        // Read the signal before checking: the worker pulses it after every round, so a round ending after the check
        // completes the signal read here and the loop looks again.
        while (true)
        {
            var roundDone = Volatile.Read(ref _roundDone).Task;
            if (!IsBusy)
            {
                return;
            }

            await roundDone.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Post(string key)
    {
        _due[key] = timeProvider.GetTimestamp() + (long)(debounce.TotalSeconds * timeProvider.TimestampFrequency);
        Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();
    }

    public async Task RunAsync(Func<string, CancellationToken, Task> process, CancellationToken cancellationToken)
    {
        var ready = new List<KeyValuePair<string, long>>();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read the signal before scanning: a Post after this line completes it, so no change is missed.
            var wake = Volatile.Read(ref _wake).Task;
            var now = timeProvider.GetTimestamp();
            var nextDue = long.MaxValue;
            ready.Clear();
            foreach (var entry in _due)
            {
                if (entry.Value <= now)
                {
                    ready.Add(entry);
                }
                else
                {
                    nextDue = Math.Min(nextDue, entry.Value);
                }
            }

            foreach (var entry in ready)
            {
                // Remove only if no newer change arrived meanwhile; otherwise wait for that one's quiet period.
                Interlocked.Increment(ref _processing);
                try
                {
                    if (((ICollection<KeyValuePair<string, long>>)_due).Remove(entry))
                    {
                        await process(entry.Key, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _processing);
                }
            }

            if (ready.Count > 0)
            {
                continue;
            }

            Interlocked.Exchange(ref _roundDone, NewSignal()).TrySetResult();

            if (nextDue == long.MaxValue)
            {
                await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var delay = TimeSpan.FromSeconds((nextDue - now) / (double)timeProvider.TimestampFrequency);
            using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wake, Task.Delay(delay, timeProvider, delayCancellation.Token)).ConfigureAwait(false);
            await delayCancellation.CancelAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
