using System.Collections.Concurrent;

namespace Crm.Engine.Plugins;

/// <summary>
/// Collects change notifications per key (a plugin folder) and hands each key to one sequential worker once it has
/// been quiet for the debounce period, so a deploy that writes many files causes one reload. A key that has been quiet
/// for a shorter settle period is handed to an optional preparation step first, so the work that does not have to wait
/// for the end of the debounce (reading, validating, loading) runs inside it.
/// </summary>
/// <remarks>
/// Every notification gets a new sequence number. The preparation and the processing of a key receive the number of
/// the last notification they cover: equal numbers prove that nothing changed in between.
/// </remarks>
internal sealed class DebouncedWorkQueue(TimeProvider timeProvider, TimeSpan debounce)
{
    private readonly ConcurrentDictionary<string, Entry> _due = new(StringComparer.Ordinal);
    private readonly long _debounceTicks = (long)(debounce.TotalSeconds * timeProvider.TimestampFrequency);
    private readonly long _settleTicks = (long)(SettlePeriod(debounce).TotalSeconds * timeProvider.TimestampFrequency);
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _roundDone = NewSignal();
    private long _sequence;
    private int _processing;

    /// <summary>Gets a value indicating whether a key is waiting for its quiet period or being processed.</summary>
    public bool IsBusy => !_due.IsEmpty || Volatile.Read(ref _processing) != 0;

    /// <summary>
    /// Gets how long a key must be quiet before it is prepared: half the debounce, at most 25 ms, so a deploy still
    /// writing is rarely prepared in vain, and the preparation usually ends before the debounce does.
    /// </summary>
    public static TimeSpan SettlePeriod(TimeSpan debounce) => TimeSpan.FromTicks(Math.Min(debounce.Ticks / 2, TimeSpan.FromMilliseconds(25).Ticks));

    /// <summary>Tells whether a newer notification for the key arrived after the one with this sequence number.</summary>
    public bool IsSuperseded(string key, long sequence) => !_due.TryGetValue(key, out var entry) || entry.Sequence != sequence;

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
        var now = timeProvider.GetTimestamp();
        _due[key] = new Entry(now + _debounceTicks, now + _settleTicks, Interlocked.Increment(ref _sequence), Prepared: false);
        Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();
    }

    /// <summary>Runs the worker until cancelled.</summary>
    /// <param name="process">Processes a key whose debounce ended, with the sequence number of its last notification.</param>
    /// <param name="prepare">Prepares a key that settled, with the sequence number of its last notification; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the worker.</param>
    public async Task RunAsync(
        Func<string, long, CancellationToken, Task> process,
        Func<string, long, CancellationToken, Task>? prepare,
        CancellationToken cancellationToken)
    {
        var ready = new List<KeyValuePair<string, Entry>>();
        var settled = new List<KeyValuePair<string, Entry>>();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Read the signal before scanning: a Post after this line completes it, so no change is missed.
            var wake = Volatile.Read(ref _wake).Task;
            var now = timeProvider.GetTimestamp();
            var nextDue = long.MaxValue;
            ready.Clear();
            settled.Clear();
            foreach (var entry in _due)
            {
                if (entry.Value.Due <= now)
                {
                    ready.Add(entry);
                }
                else if (prepare is not null && !entry.Value.Prepared && entry.Value.PrepareAt <= now)
                {
                    settled.Add(entry);
                    nextDue = Math.Min(nextDue, entry.Value.Due);
                }
                else
                {
                    nextDue = Math.Min(nextDue, entry.Value.Prepared || prepare is null ? entry.Value.Due : entry.Value.PrepareAt);
                }
            }

            foreach (var entry in ready)
            {
                // Remove only if no newer change arrived meanwhile; otherwise wait for that one's quiet period.
                Interlocked.Increment(ref _processing);
                try
                {
                    if (((ICollection<KeyValuePair<string, Entry>>)_due).Remove(entry))
                    {
                        await process(entry.Key, entry.Value.Sequence, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _processing);
                }
            }

            foreach (var entry in settled)
            {
                // Mark it prepared only if no newer change arrived; a newer one settles (and is prepared) later.
                if (_due.TryUpdate(entry.Key, entry.Value with { Prepared = true }, entry.Value))
                {
                    await prepare!(entry.Key, entry.Value.Sequence, cancellationToken).ConfigureAwait(false);
                }
            }

            if (ready.Count > 0 || settled.Count > 0)
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

    /// <param name="Due">When the key's debounce ends.</param>
    /// <param name="PrepareAt">When the key has settled enough to be prepared.</param>
    /// <param name="Sequence">The number of the key's last notification.</param>
    /// <param name="Prepared">Whether the preparation for this notification ran.</param>
    private readonly record struct Entry(long Due, long PrepareAt, long Sequence, bool Prepared);
}
