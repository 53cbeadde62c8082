using Crm.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.CrashHost;

/// <summary>
/// Imports a customer CSV in batches of 100 and prints one "batch" line per committed batch, so the test can kill the
/// process between (or during) batch commits. Prints "done inserted=N updated=M rejected=R" at the end.
/// From batch <c>gateAfter</c> on, each report waits for a line on stdin before the import goes on: the test then knows
/// the import cannot finish before its kill lands, however fast the machine (a fast CI machine once imported all 5,000
/// rows between the third "batch" line and the kill).
/// </summary>
internal static class ImportMode
{
    public const int BatchSize = 100;

    public static async Task<int> RunAsync(string database, string csv, string tenant, int gateAfter)
    {
        var services = new ServiceCollection();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).ConfigureMessaging(o => o.DispatchOutbox = false);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        Console.WriteLine("started");
        using var reader = new StreamReader(csv);
        var result = await engine.ForCaller(CrmCaller.System(tenant)).Csv.ImportAsync(
            ImportKind.Customers, reader, new CsvImportOptions { BatchSize = BatchSize }, new BatchPrinter(gateAfter));
        Console.WriteLine($"done inserted={result.Inserted} updated={result.Updated} rejected={result.Rejected}");
        return 0;
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and print late).</summary>
    private sealed class BatchPrinter(int gateAfter) : IProgress<ImportProgress>
    {
        private int _batches;

        public void Report(ImportProgress value)
        {
            Console.WriteLine($"batch written={value.Inserted + value.Updated}");
            if (++_batches >= gateAfter)
            {
                Console.In.ReadLine();
            }
        }
    }
}
