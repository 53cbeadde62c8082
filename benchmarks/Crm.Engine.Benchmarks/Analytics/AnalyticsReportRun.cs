using System.Diagnostics;
using System.Globalization;
using Crm.Engine.Analytics;
using Crm.Engine.Benchmarks.CustomerData;
using Crm.Engine.Conditions;
using Crm.Engine.Reports;
using Crm.Plugins.Storage.Sqlite;

namespace Crm.Engine.Benchmarks.Analytics;

/// <summary>
/// The full analytics report of <see cref="AnalyticsReportBenchmark"/> outside BenchmarkDotNet, for the figures a shared
/// machine distorts least and BenchmarkDotNet does not give: process CPU time (user + system) per report next to wall
/// time, bytes allocated per report and the peak working set of the process, each with the load average.
/// <c>sections</c> instead times every store call of the report one after the other (CPU per section).
/// Run: <c>dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- analytics-report [customers] [reports|sections]</c>;
/// <c>DOTNET_PROCESSOR_COUNT=1</c> makes the report run its sections on one lane (the sequential baseline).
/// </summary>
internal static class AnalyticsReportRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var path = SegmentBenchmarkData.Ensure(customers, CustomerDataBench.InteractionsPerCustomer, CustomerDataBench.PurchasesPerCustomer);
        if (args.Length > 1 && args[1] == "sections")
        {
            await SectionsAsync(path).ConfigureAwait(false);
            return 0;
        }

        var reports = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var benchmark = new AnalyticsReportBenchmark { Customers = customers };
        benchmark.Setup();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < reports; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            benchmark.FullReport();
            watch.Stop();
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report customers={customers} lanes={Math.Clamp(Environment.ProcessorCount, 1, 4)} wall={watch.Elapsed.TotalSeconds:F2}s cpu={(process.TotalProcessorTime - cpu).TotalSeconds:F2}s " +
                $"allocated={(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0:F0}KB working-set={process.WorkingSet64 / 1048576.0:F0}MB " +
                $"peak-working-set={process.PeakWorkingSet64 / 1048576.0:F0}MB managed-heap={GC.GetTotalMemory(false) / 1048576.0:F0}MB load={Load()}"));
        }

        benchmark.Cleanup();
        return 0;
    }

    private static async Task SectionsAsync(string path)
    {
        using var provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = path });
        await provider.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        var session = await provider.OpenSessionAsync(Storage.BenchmarkData.TenantId, CancellationToken.None).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var store = session.Analytics;
            var asOf = Storage.BenchmarkData.AsOf;
            var from = new DateTimeOffset(asOf.Year - 1, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var to = new DateTimeOffset(asOf.Year, asOf.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            var months = new ReportPeriod(from, to).Boundaries();
            var vip = ConditionParser.Parse("""{"field":"tags","op":"contains","value":"vip"}""", SegmentFields.Customer, "bench");
            var germany = ConditionParser.Parse("""{"field":"country","op":"eq","value":"DE"}""", SegmentFields.Customer, "bench");
            (string Name, Func<Task> Call)[] calls =
            [
                ("churn (whole + trend, one pass)", () => store.GetChurnWithTrendAsync(months, TimeSpan.FromDays(90), default)),
                ("acquisition: first touch of new customers", () => store.CountAcquiredByChannelAsync(from, to, default)),
                ("acquisition: costs per channel", () => store.SumCostsByChannelAsync(from, to, "EUR", default)),
                ("revenue: order totals, period", () => store.GetOrderTotalsAsync(from, to, "EUR", null, to, default)),
                ("revenue: trend (rollup + buyers pass + new customers)", () => store.GetRevenueTrendAsync(months, "EUR", default)),
                ("lifetime value: order totals, history", () => store.GetOrderTotalsAsync(null, to, "EUR", null, to, default)),
                ("lifetime value: segment vip", () => store.GetOrderTotalsAsync(from, to, "EUR", vip, to, default)),
                ("lifetime value: segment germany", () => store.GetOrderTotalsAsync(from, to, "EUR", germany, to, default)),
                ("cohorts by first purchase", () => store.GetCohortsAsync(from, to, CohortBasis.FirstPurchase, default)),
                ("engagement (rollup)", () => store.CountInteractionsAsync(from, to, default)),
                ("lifecycle funnel", () => store.CountByLifecycleStageAsync(from, to, default)),
            ];
            var process = Process.GetCurrentProcess();
            var total = TimeSpan.Zero;
            foreach (var (name, call) in calls)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await call().ConfigureAwait(false);
                watch.Stop();
                process.Refresh();
                var used = process.TotalProcessorTime - cpu;
                total += used;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"section\t{name}\tcpu={used.TotalSeconds:F2}s\twall={watch.Elapsed.TotalSeconds:F2}s\tload={Load()}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"section\tTOTAL\tcpu={total.TotalSeconds:F2}s"));
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
