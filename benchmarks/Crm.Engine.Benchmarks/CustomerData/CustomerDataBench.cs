using System.Diagnostics;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>Shared set-up of the customer-data benchmarks: sizes, engines on a SQLite file, a fixed clock, cached data sets.</summary>
internal static class CustomerDataBench
{
    /// <summary>
    /// BenchmarkDotNet runs every benchmark case in a process of its own; data sets are therefore built by the first
    /// process and kept here, named by their sizes and generator version, so one run builds each data set once.
    /// </summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "crm-bench-cache");

    /// <summary>Gets the customers of the CSV import and of the segment database (env CRM_BENCH_CUSTOMERS, default 1,000,000).</summary>
    public static int Customers => Size("CRM_BENCH_CUSTOMERS", 1_000_000);

    /// <summary>Gets whether the CSV import benchmark's file has scattered keys (env CRM_BENCH_KEYS=random) instead of sequential ones.</summary>
    public static bool RandomImportKeys => string.Equals(Environment.GetEnvironmentVariable("CRM_BENCH_KEYS"), "random", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the interactions per customer of the segment database (env CRM_BENCH_INTERACTIONS_PER_CUSTOMER, default 5).</summary>
    public static int InteractionsPerCustomer => Size("CRM_BENCH_INTERACTIONS_PER_CUSTOMER", 5);

    /// <summary>Gets the purchases per customer of the segment database (env CRM_BENCH_PURCHASES_PER_CUSTOMER, default 2).</summary>
    public static int PurchasesPerCustomer => Size("CRM_BENCH_PURCHASES_PER_CUSTOMER", 2);

    /// <summary>Gets the customers of the duplicate detection (env CRM_BENCH_DUP_CUSTOMERS, default 100,000).</summary>
    public static int DuplicateCustomers => Size("CRM_BENCH_DUP_CUSTOMERS", 100_000);

    /// <summary>Reads a size from an environment variable (for quick trial runs), else the default.</summary>
    public static int Size(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) && value > 0 ? value : fallback;

    public static (ServiceProvider Services, ICrmContext Crm) CreateEngine(string databasePath)
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FixedTimeProvider(Storage.BenchmarkData.AsOf));
        services.AddCrmEngine(o => o.DefaultPhoneRegion = "DE").UseSqliteStorage(o => o.DataSource = databasePath);
        var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();
        engine.InitializeAsync().GetAwaiter().GetResult();
        return (provider, engine.ForTenant(Storage.BenchmarkData.TenantId));
    }

    /// <summary>Runs a set-up step and prints how long it took, so slow data generation is visible in the log.</summary>
    public static T Timed<T>(string what, Func<T> step)
    {
        var watch = Stopwatch.StartNew();
        var result = step();
        Console.WriteLine($"// {what}: {watch.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>Moves a finished build into place, or removes it when another process finished first.</summary>
    public static void Publish(string building, string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var side in new[] { "-wal", "-shm" })
        {
            File.Delete(building + side);
        }

        if (File.Exists(path))
        {
            File.Delete(building);
            return;
        }

        File.Move(building, path);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
