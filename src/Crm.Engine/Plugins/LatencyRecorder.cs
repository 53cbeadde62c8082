using System.Diagnostics;

namespace Crm.Engine.Plugins;

/// <summary>
/// Keeps the latencies of the most recent calls in a lock-free ring, so recording costs one interlocked increment and
/// no allocation, and percentiles are computed only when someone asks.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int Capacity = 1024;
    private readonly long[] _samples = new long[Capacity];
    private int _next = -1;
    private int _count;

    public void Record(long elapsedTimestampTicks)
    {
        var index = Interlocked.Increment(ref _next) & (Capacity - 1);
        Volatile.Write(ref _samples[index], elapsedTimestampTicks);
        if (Volatile.Read(ref _count) < Capacity)
        {
            Interlocked.Increment(ref _count);
        }
    }

    public TimeSpan Percentile(double percentile)
    {
        var count = Math.Min(Volatile.Read(ref _count), Capacity);
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var copy = new long[count];
        Array.Copy(_samples, copy, count);
        Array.Sort(copy);
        var rank = Math.Clamp((int)Math.Ceiling(percentile * count) - 1, 0, count - 1);
        return TimeSpan.FromSeconds(copy[rank] / (double)Stopwatch.Frequency);
    }
}
