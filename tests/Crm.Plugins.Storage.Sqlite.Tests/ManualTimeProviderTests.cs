using Crm.Engine.Testing.Time;

namespace Crm.Plugins.Storage.Sqlite.Tests;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Clock_MovesOnlyWhenAdvancedOrSet()
    {
        var time = new ManualTimeProvider(Start.ToOffset(TimeSpan.FromHours(2)));
        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow().Offset);

        time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(Start.AddMinutes(90), time.GetUtcNow());
        time.SetUtcNow(Start.AddDays(1));
        Assert.Equal(Start.AddDays(1), time.GetUtcNow());
        Assert.Equal(ManualTimeProvider.DefaultStart, new ManualTimeProvider().GetUtcNow());
    }

    [Fact]
    public void Clock_NeverGoesBack()
    {
        var time = new ManualTimeProvider(Start);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddTicks(-1)));
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void Timestamps_AndLocalTime_FollowTheManualClock()
    {
        var time = new ManualTimeProvider(Start);
        var zone = TimeZoneInfo.CreateCustomTimeZone("test+3", TimeSpan.FromHours(3), "test+3", "test+3");
        time.SetLocalTimeZone(zone);
        var started = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(42));

        Assert.Equal(TimeSpan.FromSeconds(42), time.GetElapsedTime(started));
        Assert.Equal(TimeSpan.FromHours(3), time.GetLocalNow().Offset);
        Assert.Equal(Start.AddSeconds(42), time.GetLocalNow());
    }

    [Fact]
    public void Timer_FiresWhenTimePassesDueTime_NotBefore_WithNowAtDueTime()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([Start.AddMinutes(10)], fired);
        Assert.Equal(Start.AddMinutes(14), time.GetUtcNow());
        Assert.Equal(0, time.ScheduledTimerCount);
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerElapsedPeriod()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Enumerable.Range(0, 6).Select(n => Start.AddMinutes(5 + (10 * n))), fired);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(6, fired.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(7, fired.Count);
    }

    [Fact]
    public void Timers_FireInDueOrder_TiesInCreationOrder()
    {
        var time = new ManualTimeProvider(Start);
        var order = new List<string>();
        using var late = time.CreateTimer(_ => order.Add("late"), null, TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => order.Add("early"), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        using var tie = time.CreateTimer(_ => order.Add("tie"), null, TimeSpan.FromHours(2), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(["early", "late", "tie"], order);
    }

    [Fact]
    public void Timer_ChangeAndDispose_ControlFiring()
    {
        var time = new ManualTimeProvider(Start);
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, count);
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, count);
        Assert.True(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.Zero);
        Assert.Equal(1, count);

        timer.Dispose();
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, count);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.FromTicks(-2), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Timer_CallbackDisposingItsPeriodicTimer_StopsIt()
    {
        var time = new ManualTimeProvider(Start);
        var count = 0;
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            if (++count == 3)
            {
                timer!.Dispose();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task TaskDelay_PeriodicTimerAndTimedCancellation_CompleteWhenAdvanced()
    {
        var time = new ManualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromHours(3), time);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromDays(2), time);
        using var periodic = new PeriodicTimer(TimeSpan.FromMinutes(15), time);
        var tick = periodic.WaitForNextTickAsync().AsTask();

        time.Advance(TimeSpan.FromMinutes(14));
        Assert.False(delay.IsCompleted);
        Assert.False(tick.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await tick);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromHours(3));
        await delay;
        Assert.False(cancellation.IsCancellationRequested);
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(cancellation.IsCancellationRequested);
    }

    [Fact]
    public async Task ConcurrentTimersAndAdvances_FireEveryTimerExactlyOnce()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new int[2_000];
        var timers = new System.Collections.Concurrent.ConcurrentBag<ITimer>();
        var latest = Start;
        var backwards = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var index = (worker * 500) + i;
                timers.Add(time.CreateTimer(_ => Interlocked.Increment(ref fired[index]), null, TimeSpan.FromSeconds(index % 97), Timeout.InfiniteTimeSpan));
                time.Advance(TimeSpan.FromMilliseconds(worker + 1));
                lock (timers)
                {
                    // Read under the lock: a reading taken before it could be overtaken by another worker's later one,
                    // which would look like time going backwards when it did not.
                    var now = time.GetUtcNow();
                    backwards += now < latest ? 1 : 0;
                    latest = now > latest ? now : latest;
                }
            }
        })));
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.All(fired, count => Assert.Equal(1, count));
        Assert.Equal(0, time.ScheduledTimerCount);
        Assert.Equal(0, backwards);
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
