namespace Crm.Engine.Scheduling;

/// <summary>
/// Runs durable, due-dated work (workflow timers, outbox messages, scheduled jobs) at the right time: one
/// <see cref="TimeProvider"/> timer is armed for the earliest due item in the database, or for the poll interval so
/// that items written by other engine instances are found too; when it elapses, one round claims and processes what
/// is due. At most one round runs at a time; a wake-up during a round runs another round right after it.
/// </summary>
internal sealed class DueWorkLoop : IDisposable
{
    private static readonly TimeSpan ClockJumpTolerance = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<DateTimeOffset>> _processDue;
    private readonly Func<CancellationToken, Task<DateTimeOffset?>> _nextDue;
    private readonly Func<TimeSpan> _pollInterval;
    private readonly Action<Exception> _roundFailed;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private Task _loop = Task.CompletedTask;
    private bool _running;
    private bool _again;
    private bool _stopped;

    /// <param name="time">The clock.</param>
    /// <param name="processDue">Claims and processes due items until none is left; returns the time of its last claim.</param>
    /// <param name="nextDue">Gets when the next item falls due (or its lease expires).</param>
    /// <param name="pollInterval">How long to wait at most before looking again.</param>
    /// <param name="roundFailed">Logs a failed round; the loop tries again at the next poll.</param>
    public DueWorkLoop(
        TimeProvider time,
        Func<CancellationToken, Task<DateTimeOffset>> processDue,
        Func<CancellationToken, Task<DateTimeOffset?>> nextDue,
        Func<TimeSpan> pollInterval,
        Action<Exception> roundFailed)
    {
        _time = time;
        _processDue = processDue;
        _nextDue = nextDue;
        _pollInterval = pollInterval;
        _roundFailed = roundFailed;
    }

    /// <summary>Gets the token cancelled when the loop stops; processing passes it on.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Starts the loop with an immediate round, so items that fell due while no engine ran are processed at once.</summary>
    public void Start()
    {
        _timer = _time.CreateTimer(static state => ((DueWorkLoop)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Wake();
    }

    /// <summary>Tells the loop an item falls due at <paramref name="dueAt"/> (written by this process), so it need not wait for the poll.</summary>
    public void Notify(DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            if (_stopped || _timer is null || (_armedFor is { } armed && armed <= dueAt))
            {
                return;
            }

            if (_running)
            {
                _again = true;
                return;
            }

            Arm(dueAt);
        }
    }

    /// <summary>Runs a round now (or right after the current one).</summary>
    public void Wake()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (_running)
            {
                _again = true;
                return;
            }

            _running = true;
            _armedFor = null;
            _loop = Task.Run(LoopAsync);
        }
    }

    /// <summary>Stops the loop and waits for the current round to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lock)
        {
            _stopped = true;
            loop = _loop;
        }

        Cancel();
        try
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The round was told to stop; its cancellation is expected.
        }
    }

    /// <summary>Stops without waiting; the container may dispose the owner before the engine stops it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        Cancel();
    }

    /// <summary>Waits until no round is in progress; for tests that advance a manual clock.</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task loop;
            lock (_lock)
            {
                loop = _loop;
                if (!_running)
                {
                    return;
                }
            }

            await loop.ConfigureAwait(false);
        }
    }

    // The token source is cancelled, never disposed: a round still finishing may read its token after the container
    // disposed the owner, and a cancelled source without linked tokens or timers holds nothing to release.
    private void Cancel()
    {
        _stopping.Cancel();
        _timer?.Dispose();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            DateTimeOffset? next = null;
            var claimedUpTo = DateTimeOffset.MaxValue;
            try
            {
                claimedUpTo = await _processDue(_stopping.Token).ConfigureAwait(false);
                next = await _nextDue(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _running = false;
                }

                return;
            }
#pragma warning disable CA1031 // The loop must survive a failing round (database busy, provider error) and try again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _roundFailed(e);
            }

            lock (_lock)
            {
                // An item that fell due while this round ran (the clock moved on) is processed now rather than re-armed.
                // One already due at the last claim but not claimed is leased by another engine: wait for the poll
                // instead of spinning on it.
                var now = _time.GetUtcNow();
                var dueNow = next is { } upcoming && upcoming <= now && upcoming > claimedUpTo;
                if ((_again || dueNow) && !_stopped)
                {
                    _again = false;
                    continue;
                }

                _running = false;
                if (!_stopped)
                {
                    var poll = now + _pollInterval();
                    Arm(next is { } due && due < poll && due > now ? due : poll);
                }

                return;
            }
        }
    }

    private void Arm(DateTimeOffset dueAt)
    {
        _armedFor = dueAt;

        // ITimer takes a relative delay. If the clock jumped while it was set (a manual clock advanced by another
        // thread), the timer would fire late by the jump: set it again from the new time until the clock held still.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var before = _time.GetUtcNow();
            var delay = dueAt - before;
            _timer!.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            if (_time.GetUtcNow() - before < ClockJumpTolerance)
            {
                return;
            }
        }
    }
}
