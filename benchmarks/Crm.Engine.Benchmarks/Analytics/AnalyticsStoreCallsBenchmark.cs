using BenchmarkDotNet.Attributes;
using Crm.Engine.Analytics;
using Crm.Engine.Benchmarks.CustomerData;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite;

namespace Crm.Engine.Benchmarks.Analytics;

/// <summary>
/// Times each store call the full analytics report makes (the same arguments as <see cref="AnalyticsReportBenchmark"/>),
/// one benchmark per call, on the cached segment database: the per-query breakdown that says which aggregate dominates.
/// Default size 100,000 customers (env CRM_BENCH_ANALYTICS_CUSTOMERS to change it). Run in process like the report:
/// <c>--filter '*AnalyticsStoreCalls*' --inProcess --strategy Monitoring --warmupCount 1 --iterationCount 3</c>.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsStoreCallsBenchmark : IDisposable
{
    private SqliteStorageProvider? _provider;
    private IStorageSession? _session;
    private IReadOnlyList<DateTimeOffset> _months = [];
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private Condition? _vip;

    /// <summary>Gets or sets the customers of the database.</summary>
    [Params(0)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var customers = Customers > 0 ? Customers : CustomerDataBench.Size("CRM_BENCH_ANALYTICS_CUSTOMERS", 100_000);
        var path = SegmentBenchmarkData.Ensure(customers, CustomerDataBench.InteractionsPerCustomer, CustomerDataBench.PurchasesPerCustomer);
        _provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = path });
        _provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _session = _provider.OpenSessionAsync(Storage.BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var asOf = Storage.BenchmarkData.AsOf;
        _from = new DateTimeOffset(asOf.Year - 1, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero);
        _to = new DateTimeOffset(asOf.Year, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        _months = new ReportPeriod(_from, _to).Boundaries();
        _vip = ConditionParser.Parse("""{"field":"tags","op":"contains","value":"vip"}""", SegmentFields.Customer, "bench");
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    /// <inheritdoc/>
    public void Dispose()
    {
        _session?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _session = null;
        _provider?.Dispose();
        _provider = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Revenue, AOV and predictive CLV of all customers.</summary>
    [Benchmark]
    public OrderTotals OrderTotalsPeriod() => Run(s => s.GetOrderTotalsAsync(_from, _to, "EUR", null, _to, default));

    /// <summary>Historical CLV: every purchase before the end.</summary>
    [Benchmark]
    public OrderTotals OrderTotalsHistory() => Run(s => s.GetOrderTotalsAsync(null, _to, "EUR", null, _to, default));

    /// <summary>Predictive CLV of one saved segment (tags contains vip).</summary>
    [Benchmark]
    public OrderTotals OrderTotalsSegment() => Run(s => s.GetOrderTotalsAsync(_from, _to, "EUR", _vip, _to, default));

    /// <summary>Revenue and new customer records per month.</summary>
    [Benchmark]
    public IReadOnlyList<RevenuePoint> RevenueTrend() => Run(s => s.GetRevenueTrendAsync(_months, "EUR", default));

    /// <summary>New customers per first-touch channel.</summary>
    [Benchmark]
    public IReadOnlyList<KeyedCount> AcquiredByChannel() => Run(s => s.CountAcquiredByChannelAsync(_from, _to, default));

    /// <summary>Churn over the whole period (the report also runs the monthly trend).</summary>
    [Benchmark]
    public IReadOnlyList<ChurnPoint> ChurnWhole() => Run(s => s.GetChurnAsync([_from, _to], TimeSpan.FromDays(90), default));

    /// <summary>Churn per month.</summary>
    [Benchmark]
    public IReadOnlyList<ChurnPoint> ChurnTrend() => Run(s => s.GetChurnAsync(_months, TimeSpan.FromDays(90), default));

    /// <summary>Churn over the whole period and per month in one call, as the report asks for it (schema 23 era).</summary>
    [Benchmark]
    public ChurnCounts ChurnWithTrend() => Run(s => s.GetChurnWithTrendAsync(_months, TimeSpan.FromDays(90), default));

    /// <summary>Cohorts by first purchase.</summary>
    [Benchmark]
    public CohortCounts Cohorts() => Run(s => s.GetCohortsAsync(_from, _to, CohortBasis.FirstPurchase, default));

    /// <summary>Lifecycle stages of the customers created in the period.</summary>
    [Benchmark]
    public IReadOnlyList<KeyedCount> LifecycleStages() => Run(s => s.CountByLifecycleStageAsync(_from, _to, default));

    /// <summary>Interactions per channel and direction.</summary>
    [Benchmark]
    public IReadOnlyList<InteractionCount> Interactions() => Run(s => s.CountInteractionsAsync(_from, _to, default));

    private T Run<T>(Func<IAnalyticsStore, Task<T>> call) => call(_session!.Analytics).GetAwaiter().GetResult();
}
