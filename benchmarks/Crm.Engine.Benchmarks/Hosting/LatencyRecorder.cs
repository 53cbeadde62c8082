using System.Diagnostics;

namespace Crm.Engine.Benchmarks.Hosting;

/// <summary>Collects per-request latencies from many workers without locks (one list per worker) and reports percentiles.</summary>
internal sealed class LatencyRecorder(int workers)
{
    private readonly List<long>[] _ticks = Enumerable.Range(0, workers).Select(_ => new List<long>(16_384)).ToArray();
    private readonly int[] _errors = new int[workers];

    public void Record(int worker, long startTimestamp) => _ticks[worker].Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void Error(int worker) => _errors[worker]++;

    public LoadResult Summarize(string scenario, TimeSpan elapsed)
    {
        var all = _ticks.SelectMany(t => t).ToArray();
        Array.Sort(all);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double Percentile(double p) => all.Length == 0 ? double.NaN : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)]);
        return new LoadResult(
            scenario,
            all.Length,
            _errors.Sum(),
            all.Length / elapsed.TotalSeconds,
            Percentile(0.50),
            Percentile(0.90),
            Percentile(0.99),
            all.Length == 0 ? double.NaN : Ms(all[^1]));
    }
}

/// <summary>One scenario's outcome.</summary>
internal sealed record LoadResult(string Scenario, int Requests, int Errors, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static string Header =>
        "| Scenario | Requests | Errors | Requests/s | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|---:|";

    public override string ToString() =>
        FormattableString.Invariant($"| {Scenario} | {Requests:N0} | {Errors} | {RequestsPerSecond:N0} | {P50Ms:F2} | {P90Ms:F2} | {P99Ms:F2} | {MaxMs:F1} |");
}
