using System.Diagnostics;
using System.Globalization;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// One CSV import of <see cref="CsvImportBenchmark"/>'s file outside BenchmarkDotNet, reporting what a loaded, shared
/// machine does not distort much: the process CPU time (user + system) and the bytes allocated per row, besides wall
/// time; then the stopwatch sum of each import stage (<c>ImportStageTimes</c>) and the GC counts. Run: <c>dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- import-cpu [rows] [audit|no-audit] [sequential|random]</c> (the last picks the file's keys, see <see cref="CsvImportBenchmark"/>).
/// </summary>
internal static class ImportCpuRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : CustomerDataBench.Customers;
        Environment.SetEnvironmentVariable("CRM_BENCH_CUSTOMERS", rows.ToString(CultureInfo.InvariantCulture));
        var audit = args.Length < 2 || args[1] != "no-audit";
        if (args.Length > 2)
        {
            Environment.SetEnvironmentVariable("CRM_BENCH_KEYS", args[2]);
        }

        var keys = CustomerDataBench.RandomImportKeys ? "random" : "sequential";
        ImportAudit.Enabled = audit;
        ImportStageTimes.Enabled = true;
        ImportStageTimes.Reset();
        var benchmark = new CsvImportBenchmark();
        benchmark.WriteCsv();
        benchmark.CreateEmptyDatabase();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var (user, system) = (process.UserProcessorTime, process.PrivilegedProcessorTime);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = benchmark.ImportCustomers();
        watch.Stop();
        var allocatedPerRow = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)rows;
        process.Refresh();
        var cpu = process.UserProcessorTime - user + (process.PrivilegedProcessorTime - system);
        long auditRecords;
        // The log's file keeps its largest extent: how far the import let the write-ahead log grow.
        var walBytes = new FileInfo(benchmark.DatabasePath + "-wal") is { Exists: true } wal ? wal.Length : 0;
        var checkpointWatch = Stopwatch.StartNew();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={benchmark.DatabasePath}"))
        {
            connection.Open();
            using (var checkpoint = connection.CreateCommand())
            {
                // What the import left in the WAL, copied into the database file: part of the import's cost.
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                checkpoint.ExecuteNonQuery();
            }

            checkpointWatch.Stop();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM audit_log;";
            auditRecords = (long)count.ExecuteScalar()!;
        }

        benchmark.DeleteDatabase();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import rows={rows} keys={keys} audit={audit} inserted={result.Inserted} audit-records={auditRecords} wall={watch.Elapsed.TotalSeconds:F2}s rows/s(wall)={rows / watch.Elapsed.TotalSeconds:F0} " +
            $"cpu={cpu.TotalSeconds:F2}s (user {(process.UserProcessorTime - user).TotalSeconds:F2} + sys {(process.PrivilegedProcessorTime - system).TotalSeconds:F2}) " +
            $"wal-file={walBytes / 1048576.0:F0}MB checkpoint-after={checkpointWatch.Elapsed.TotalSeconds:F2}s rows/cpu-s={rows / cpu.TotalSeconds:F0} cpu/row={cpu.TotalMicroseconds / rows:F1}us allocated/row={allocatedPerRow:F0}B load={File.ReadAllText("/proc/loadavg").Trim()}"));
        // Stages of the two threads overlap, so their sum exceeds the wall time; each stage's share of its thread is what counts.
        Console.WriteLine("stages: " + ImportStageTimes.Describe() + string.Create(CultureInfo.InvariantCulture, $" gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}"));
        await Task.CompletedTask.ConfigureAwait(false);
        return 0;
    }
}
