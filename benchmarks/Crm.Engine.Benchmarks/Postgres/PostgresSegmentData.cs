using System.Diagnostics;
using Crm.Engine.Benchmarks.Storage;
using Npgsql;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// One loaded segment database per process: customers, interactions and purchases written with the provider's bulk
/// insert (binary COPY, fixed seeds), then <c>VACUUM ANALYZE</c> as an operator runs after a big load. With
/// <c>--inProcess</c> every benchmark method of the process shares it, so a 1M load happens once per run instead of
/// once per method. Sizes: <c>CRM_PG_SEGMENT_CUSTOMERS</c> (default 100,000), <c>CRM_PG_SEGMENT_INTERACTIONS</c> per
/// customer (default 3), <c>CRM_PG_SEGMENT_PURCHASES</c> per customer (default 1).
/// </summary>
internal static class PostgresSegmentData
{
    private static readonly Lazy<PostgresBenchmarkSetup> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static int CustomerCount { get; } = PostgresBenchmarkSetup.Size("CRM_PG_SEGMENT_CUSTOMERS", 100_000);

    public static int InteractionsPerCustomer { get; } = PostgresBenchmarkSetup.Size("CRM_PG_SEGMENT_INTERACTIONS", 3);

    public static int PurchasesPerCustomer { get; } = PostgresBenchmarkSetup.Size("CRM_PG_SEGMENT_PURCHASES", 1);

    public static PostgresBenchmarkSetup Setup => Shared.Value;

    /// <summary>
    /// Stops the cluster at the end of a benchmark when BenchmarkDotNet runs it in a child process of its own (which
    /// it kills 2 s after the run); in process (<c>--inProcess</c>) the next benchmark class reuses it and the
    /// cluster stops at process exit.
    /// </summary>
    public static void ReleaseIfChildProcess()
    {
        if (Shared.IsValueCreated && Environment.GetCommandLineArgs().Contains("--benchmarkName"))
        {
            Shared.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static PostgresBenchmarkSetup Load()
    {
        var watch = Stopwatch.StartNew();
        var setup = PostgresBenchmarkSetup.StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => setup.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var customers = BenchmarkData.Customers(CustomerCount);
        var session = setup.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        try
        {
            session.Customers.BulkInsertAsync(customers, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"// Loaded {CustomerCount} customers at {watch.Elapsed}");

            // One chunk per interaction per customer keeps the generated list (and memory) at one customer count.
            for (var chunk = 0; chunk < InteractionsPerCustomer; chunk++)
            {
                session.Interactions.BulkInsertAsync(BenchmarkData.Interactions(customers, 1, seed: 100 + chunk), CancellationToken.None).GetAwaiter().GetResult();
            }

            Console.WriteLine($"// Loaded {CustomerCount * InteractionsPerCustomer} interactions at {watch.Elapsed}");
            for (var chunk = 0; chunk < PurchasesPerCustomer; chunk++)
            {
                session.Purchases.BulkInsertAsync(BenchmarkData.Purchases(customers, 1, seed: 200 + chunk), CancellationToken.None).GetAwaiter().GetResult();
            }

            Console.WriteLine($"// Loaded {CustomerCount * PurchasesPerCustomer} purchases at {watch.Elapsed}");
        }
        finally
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        // What an operator runs after a bulk load (autovacuum would get there later): the planner needs statistics.
        setup.Execute("VACUUM ANALYZE;");
        Console.WriteLine($"// VACUUM ANALYZE done at {watch.Elapsed}");
        return setup;
    }

    /// <summary>
    /// With <c>CRM_PG_EXPLAIN=1</c>, runs <paramref name="statements"/> once with auto_explain (ANALYZE, BUFFERS) on
    /// and prints the plans from the server log; used to find out why a query is slow.
    /// </summary>
    public static void ExplainIfAsked(PostgresBenchmarkSetup setup, Action statements)
    {
        if (Environment.GetEnvironmentVariable("CRM_PG_EXPLAIN") != "1")
        {
            return;
        }

        var log = Path.Combine(setup.Cluster.Root, "server.log");
        var start = new FileInfo(log).Length;
        // One connection that has loaded the module (ALTER SYSTEM only knows its settings then), one statement per
        // command (ALTER SYSTEM refuses to run inside Npgsql's multi-statement batch).
        using (var connection = new NpgsqlConnection(setup.ConnectionString))
        {
            connection.Open();
            foreach (var sql in new[]
            {
                "LOAD 'auto_explain'",
                "ALTER DATABASE " + connection.Database + " SET session_preload_libraries = 'auto_explain'",
                "ALTER SYSTEM SET auto_explain.log_min_duration = 0",
                "ALTER SYSTEM SET auto_explain.log_analyze = on",
                "ALTER SYSTEM SET auto_explain.log_buffers = on",
                "SELECT pg_reload_conf()",
            })
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
            }
        }

        NpgsqlConnection.ClearAllPools();
        setup.Provider.DataSource.Clear();
        statements();
        setup.Execute("ALTER DATABASE " + new NpgsqlConnectionStringBuilder(setup.ConnectionString).Database + " RESET session_preload_libraries");
        NpgsqlConnection.ClearAllPools();
        setup.Provider.DataSource.Clear();
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        Console.WriteLine("// ---- plans ----");
        Console.WriteLine(reader.ReadToEnd());
        Console.WriteLine("// ---- end of plans ----");
    }
}
