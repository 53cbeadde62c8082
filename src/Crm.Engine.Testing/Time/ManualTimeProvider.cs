namespace Crm.Engine.Testing.Time;

/// <summary>
/// Provides a clock that moves only when a test moves it, with timers that fire as time passes their due time,
/// so code that waits for hours (follow-ups, SLAs, expiry) is tested in microseconds.
/// </summary>
/// <remarks>
/// <para>Thread-safe. <see cref="Advance"/> and <see cref="SetUtcNow"/> fire every timer that falls due on the way,
/// in due-time order, on the calling thread; while a callback runs, <see cref="GetUtcNow"/> returns that timer's due
/// time. A periodic timer fires once for each period that fits (advancing 1 hour past a 10-minute timer fires it 6
/// times). A timer created with a zero due time fires on the next advance, even <c>Advance(TimeSpan.Zero)</c>.</para>
/// <para>An exception thrown by a callback propagates out of the advancing call; the clock then stays at that timer's
/// due time and later timers have not fired.</para>
/// <para><see cref="GetTimestamp"/> follows the manual clock, so <see cref="TimeProvider.GetElapsedTime(long)"/> measures
/// manual time too.</para>
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The instant a provider created without one starts at: 2000-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _scheduled = [];
    private DateTimeOffset _now;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;
    private long _sequence;

    /// <summary>Initializes a clock at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Initializes a clock at the given instant.</summary>
    /// <param name="start">The initial time; stored in UTC.</param>
    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    /// <summary>Gets the time zone <see cref="TimeProvider.GetLocalNow"/> converts to; UTC unless set.</summary>
    public override TimeZoneInfo LocalTimeZone
    {
        get
        {
            lock (_lock)
            {
                return _localTimeZone;
            }
        }
    }

    /// <summary>Gets the frequency of <see cref="GetTimestamp"/>: ticks of the manual clock, 10,000,000 per second.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Gets the number of timers waiting to fire, for assertions that nothing is left scheduled.</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>Gets the current manual time in UTC.</summary>
    /// <returns>The current time.</returns>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Gets the manual time as a timestamp in ticks.</summary>
    /// <returns>The UTC ticks of the current time.</returns>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Sets the time zone <see cref="TimeProvider.GetLocalNow"/> converts to.</summary>
    /// <param name="timeZone">The time zone.</param>
    public void SetLocalTimeZone(TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        lock (_lock)
        {
            _localTimeZone = timeZone;
        }
    }

    /// <summary>Moves the clock forward, firing the timers that fall due on the way.</summary>
    /// <param name="delta">How far to move; zero fires only timers already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative: time never goes back.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        MoveTo(target);
    }

    /// <summary>Moves the clock to an instant, firing the timers that fall due on the way.</summary>
    /// <param name="value">The new time; not before the current time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is before the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_lock)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The manual clock is at {_now:O} and cannot go back to {value:O}.");
            }
        }

        MoveTo(value.ToUniversalTime());
    }

    /// <summary>Creates a timer that fires when the manual clock passes its due time.</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The argument passed to the callback.</param>
    /// <param name="dueTime">The delay before the first call; <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="period">The interval between calls; zero or <see cref="Timeout.InfiniteTimeSpan"/> for one call.</param>
    /// <returns>The timer; change or dispose it as any <see cref="ITimer"/>.</returns>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Schedules or unschedules a timer; returns <see langword="false"/> for a disposed timer.</summary>
    internal bool Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        CheckInterval(dueTime, nameof(dueTime));
        CheckInterval(period, nameof(period));
        lock (_lock)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            _scheduled.Remove(timer);
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                timer.Sequence = ++_sequence;
                _scheduled.Add(timer);
            }

            return true;
        }
    }

    internal void Unschedule(ManualTimer timer)
    {
        lock (_lock)
        {
            timer.IsDisposed = true;
            _scheduled.Remove(timer);
        }
    }

    private void MoveTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? next = null;
            lock (_lock)
            {
                foreach (var timer in _scheduled)
                {
                    if (timer.DueAt <= target && (next is null || timer.DueAt < next.DueAt || (timer.DueAt == next.DueAt && timer.Sequence < next.Sequence)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    // Another thread may have moved further already; time never goes back.
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                // Reschedule before the callback runs, so a callback that changes or disposes its timer wins.
                if (next.Period > TimeSpan.Zero)
                {
                    next.DueAt += next.Period;
                    next.Sequence = ++_sequence;
                }
                else
                {
                    _scheduled.Remove(next);
                }
            }

            next.Fire();
        }
    }

    private static void CheckInterval(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Use a non-negative time span or Timeout.InfiniteTimeSpan.");
        }
    }
}
