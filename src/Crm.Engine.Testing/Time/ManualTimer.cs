namespace Crm.Engine.Testing.Time;

/// <summary>A timer of a <see cref="ManualTimeProvider"/>; its schedule is guarded by the provider's lock.</summary>
internal sealed class ManualTimer(ManualTimeProvider provider, TimerCallback callback, object? state) : ITimer
{
    public DateTimeOffset DueAt { get; set; }

    public TimeSpan Period { get; set; }

    public long Sequence { get; set; }

    public bool IsDisposed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => provider.Schedule(this, dueTime, period);

    public void Fire() => callback(state);

    public void Dispose() => provider.Unschedule(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
