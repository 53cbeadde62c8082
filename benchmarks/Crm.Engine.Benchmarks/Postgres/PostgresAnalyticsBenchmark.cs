using BenchmarkDotNet.Attributes;
using Crm.Engine.Analytics;
using Crm.Engine.Benchmarks.Storage;
using Crm.Engine.Storage;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// The report queries of <c>IAnalyticsStore</c> on PostgreSQL over the shared <see cref="PostgresSegmentData"/> database
/// (customers created over three years, interactions and purchases over the year before <see cref="BenchmarkData.AsOf"/>):
/// each method is one statement of the store over the last twelve months, as the analytics report issues them.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PostgresInProcessConfig))]
public class PostgresAnalyticsBenchmark
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset End = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = End.AddMonths(-12);
    private static readonly DateTimeOffset[] Months = [.. Enumerable.Range(0, 13).Select(Start.AddMonths)];

    private PostgresBenchmarkSetup? _setup;

    [GlobalSetup]
    public void BuildDatabase()
    {
        _setup = PostgresSegmentData.Setup;
        Console.WriteLine($"// Order totals over 12 months: {OrderTotals().GetAwaiter().GetResult()}");
        PostgresSegmentData.ExplainIfAsked(_setup, () =>
        {
            OrderTotals().GetAwaiter().GetResult();
            RevenueTrend().GetAwaiter().GetResult();
            Churn().GetAwaiter().GetResult();
            CohortsByFirstPurchase().GetAwaiter().GetResult();
            AcquiredByChannel().GetAwaiter().GetResult();
        });
    }

    [GlobalCleanup]
    public void Stop()
    {
        _setup = null;
        PostgresSegmentData.ReleaseIfChildProcess();
    }

    /// <summary>Orders, revenue and buyers of the period (EUR).</summary>
    [Benchmark(Baseline = true)]
    public Task<OrderTotals> OrderTotals() => WithStoreAsync(s => s.GetOrderTotalsAsync(Start, End, "EUR", null, End, None));

    /// <summary>Revenue and new customers per month, 12 buckets.</summary>
    [Benchmark]
    public Task<IReadOnlyList<RevenuePoint>> RevenueTrend() => WithStoreAsync(s => s.GetRevenueTrendAsync(Months, "EUR", None));

    /// <summary>Active and churned customers per month, 90-day activity window.</summary>
    [Benchmark]
    public Task<IReadOnlyList<ChurnPoint>> Churn() => WithStoreAsync(s => s.GetChurnAsync(Months, TimeSpan.FromDays(90), None));

    /// <summary>Monthly cohorts by first purchase and their later months.</summary>
    [Benchmark]
    public Task<CohortCounts> CohortsByFirstPurchase() => WithStoreAsync(s => s.GetCohortsAsync(Start, End, CohortBasis.FirstPurchase, None));

    /// <summary>New buyers of the period per channel of their first interaction.</summary>
    [Benchmark]
    public Task<IReadOnlyList<KeyedCount>> AcquiredByChannel() => WithStoreAsync(s => s.CountAcquiredByChannelAsync(Start, End, None));

    private async Task<T> WithStoreAsync<T>(Func<IAnalyticsStore, Task<T>> query)
    {
        IStorageSession session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, None);
        await using (session)
        {
            return await query(session.Analytics);
        }
    }
}
