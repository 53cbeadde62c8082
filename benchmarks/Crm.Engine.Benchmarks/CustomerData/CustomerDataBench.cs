using Crm.Plugins.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>Shared set-up of the customer-data benchmarks: engines on a SQLite file, a fixed clock, cached data sets.</summary>
internal static class CustomerDataBench
{
    /// <summary>Data sets take minutes to build; they are kept here between runs (delete the folder to rebuild).</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "crm-bench-cache");

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

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
