using System.Globalization;
using BenchmarkDotNet.Attributes;
using Crm.Engine.Analytics;
using Crm.Engine.Benchmarks.CustomerData;
using Crm.Engine.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Analytics;

/// <summary>
/// Builds the full analytics report (every section, monthly over the year before <c>AsOf</c>, two saved segments) and
/// renders it as HTML, over the segment benchmark database: N customers, 5 interactions and 2 purchases per customer
/// (1,000,000 / 5,000,000 / 2,000,000 at the top size). Goal: under 10 s at 1M, with allocations that do not grow with
/// the data (every aggregate is computed in SQLite). The databases are built once and cached (see SegmentBenchmarkData).
/// No job attribute: run it in process with <c>--inProcess --strategy Monitoring --warmupCount 1 --iterationCount 3</c>
/// (docs/benchmarks.md), so no separate benchmark executable is built.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsReportBenchmark
{
    private ServiceProvider? _services;
    private ICrmContext? _crm;
    private AnalyticsQuery _query = null!;

    /// <summary>Gets or sets the customers of the database (interactions and purchases scale with it).</summary>
    [Params(100_000, 1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = SegmentBenchmarkData.Ensure(Customers, CustomerDataBench.InteractionsPerCustomer, CustomerDataBench.PurchasesPerCustomer);
        (_services, _crm) = CustomerDataBench.CreateEngine(path);
        var asOf = Storage.BenchmarkData.AsOf;
        var start = new DateTimeOffset(asOf.Year - 1, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (channel, amount) in new[] { ("email", 12_000m), ("social", 30_000m), ("phone", 8_000m) })
        {
            // Fixed ids: re-running the set-up on the cached database replaces the costs instead of adding more.
            var id = new Guid(System.Text.Encoding.ASCII.GetBytes(channel.PadRight(16, '-')));
            _crm.Analytics.RecordCostAsync(new AcquisitionCost(id, channel, start.AddDays(40), amount, "EUR")).GetAwaiter().GetResult();
        }

        _crm.Segments.SaveAsync(new SegmentDefinition("vip", """{"field":"tags","op":"contains","value":"vip"}""")).GetAwaiter().GetResult();
        _crm.Segments.SaveAsync(new SegmentDefinition("germany", """{"field":"country","op":"eq","value":"DE"}""")).GetAwaiter().GetResult();
        _query = new AnalyticsQuery(new ReportPeriod(start, new DateTimeOffset(asOf.Year, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)), "EUR")
        {
            Segments = ["vip", "germany"],
        };
        var report = FullReport();
        Console.WriteLine($"// {Customers:N0} customers: revenue {report.Revenue!.Totals.Revenue:N0} EUR in {report.Revenue.Totals.Orders:N0} orders, CAC {report.Acquisition!.Overall.Value:N2}, churn {ChurnText(report.Churn!)}, {report.Cohorts!.Rows.Count} cohorts");
    }

    // The period starts with the data, so nobody is active at its start and the whole-period rate is undefined;
    // the monthly trend is where churn shows, so the summary line prints both.
    private static string ChurnText(ChurnSection churn)
    {
        var whole = churn.Rate.Value is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : $"undefined ({churn.Rate.UndefinedReason})";
        var last = churn.Trend.LastOrDefault(point => point.Rate is not null);
        return last is null ? whole : $"{whole}, last month {last.Rate!.Value.ToString("P1", CultureInfo.InvariantCulture)}";
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Every section of the report, then the HTML page.</summary>
    [Benchmark]
    public AnalyticsReport FullReport()
    {
        var report = _crm!.Analytics.BuildReportAsync(_query).GetAwaiter().GetResult();
        using var sink = new MemoryStream();
        AnalyticsReportWriter.WriteAsync(report, ReportFormat.Html, sink).GetAwaiter().GetResult();
        return report;
    }
}
