using Crm.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.CrashHost;

/// <summary>
/// Imports a customer CSV in batches of 100 and prints one "batch" line per committed batch, so the test can kill the
/// process between (or during) batch commits. Prints "done inserted=N updated=M rejected=R" at the end.
/// </summary>
internal static class ImportMode
{
    public const int BatchSize = 100;

    public static async Task<int> RunAsync(string database, string csv, string tenant)
    {
        var services = new ServiceCollection();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).ConfigureMessaging(o => o.DispatchOutbox = false);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        Console.WriteLine("started");
        using var reader = new StreamReader(csv);
        var result = await engine.ForCaller(CrmCaller.System(tenant)).Csv.ImportAsync(
            ImportKind.Customers, reader, new CsvImportOptions { BatchSize = BatchSize }, new BatchPrinter());
        Console.WriteLine($"done inserted={result.Inserted} updated={result.Updated} rejected={result.Rejected}");
        return 0;
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and print late).</summary>
    private sealed class BatchPrinter : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => Console.WriteLine($"batch written={value.Inserted + value.Updated}");
    }
}
