using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// Counts a behavioural segment over 1,000,000 customers, 5,000,000 interactions and 1,000,000 purchases through
/// <see cref="ISegmentService"/> (condition bound, translated to SQL, counted in SQLite). Goal: under 2 s.
/// Sizes: env CRM_BENCH_SEGMENT_CUSTOMERS (default 1,000,000); 5 interactions and 1 purchase per customer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SegmentAggregateBenchmark
{
    /// <summary>At least 2 email interactions in the 30 days before AsOf and more than 100 spent.</summary>
    public const string Segment =
        """{"all":[{"count":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]},"op":"gte","value":2},{"field":"totalSpent","op":"gt","value":100}]}""";

    /// <summary>Any inbound chat in the last 7 days, or a purchase in the last 30 days with an average order above 150.</summary>
    public const string SomeSegment =
        """{"any":[{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"chat"},{"field":"direction","op":"eq","value":"inbound"},{"field":"occurredAt","op":"gte","value":"P7D"}]}},{"all":[{"field":"lastPurchaseAt","op":"gte","value":"P30D"},{"field":"averageOrderValue","op":"gt","value":150}]}]}""";

    private readonly int _customers = CustomerDataBench.Size("CRM_BENCH_SEGMENT_CUSTOMERS", 1_000_000);
    private string _path = "";
    private ServiceProvider? _services;
    private ICrmContext? _crm;
    private Condition _segment = null!;
    private Condition _someSegment = null!;

    [GlobalSetup]
    public void BuildDatabase()
    {
        _path = EnsureDatabase(_customers);
        (_services, _crm) = CustomerDataBench.CreateEngine(_path);
        _segment = ConditionParser.Parse(Segment, SegmentFields.Customer);
        _someSegment = ConditionParser.Parse(SomeSegment, SegmentFields.Customer);
        Console.WriteLine($"// Segment sizes: {EngineCount()} and {EngineCountSome()} of {_customers} customers; raw SQL {RawSqlCount()}");
    }

    [GlobalCleanup]
    public void Dispose() => _services?.Dispose();

    /// <summary>Builds (once, cached) the database; data comes from the storage benchmarks' generator.</summary>
    public static string EnsureDatabase(int customers)
    {
        Directory.CreateDirectory(CustomerDataBench.CacheDirectory);
        var path = Path.Combine(CustomerDataBench.CacheDirectory, $"segments-{customers}.db");
        if (File.Exists(path))
        {
            return path;
        }

        var building = path + ".building";
        foreach (var stale in new[] { building, building + "-wal", building + "-shm" })
        {
            File.Delete(stale);
        }

        using (var provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = building }))
        {
            provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            var all = Storage.BenchmarkData.Customers(customers);
            var session = provider.OpenSessionAsync(Storage.BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            try
            {
                session.Customers.BulkInsertAsync(all, CancellationToken.None).GetAwaiter().GetResult();
                for (var chunk = 0; chunk < 5; chunk++)
                {
                    session.Interactions.BulkInsertAsync(Storage.BenchmarkData.Interactions(all, 1, seed: 100 + chunk), CancellationToken.None).GetAwaiter().GetResult();
                }

                session.Purchases.BulkInsertAsync(Storage.BenchmarkData.Purchases(all, 1), CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult(); // PRAGMA optimize: planner statistics
            using var connection = new SqliteConnection(provider.ConnectionString);
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        File.Move(building, path);
        return path;
    }

    /// <summary>The same segment as hand-written SQL: aggregate interactions and purchases once, join, count.</summary>
    [Benchmark(Baseline = true)]
    public long RawSqlCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM
              (SELECT customer_id FROM interactions WHERE tenant_id = @t AND channel = 'email' AND occurred_at >= @since
               GROUP BY customer_id HAVING COUNT(*) >= 2) e
            JOIN (SELECT customer_id FROM purchases WHERE tenant_id = @t GROUP BY customer_id HAVING SUM(total) > 1000000) p
              ON p.customer_id = e.customer_id;
            """;
        command.Parameters.AddWithValue("@t", Storage.BenchmarkData.TenantId);
        command.Parameters.AddWithValue("@since", Storage.BenchmarkData.AsOf.AddDays(-30).UtcTicks);
        return (long)command.ExecuteScalar()!;
    }

    [Benchmark]
    public long EngineCount() => _crm!.Segments.CountAsync(_segment).GetAwaiter().GetResult();

    [Benchmark]
    public long EngineCountSome() => _crm!.Segments.CountAsync(_someSegment).GetAwaiter().GetResult();
}
