using BenchmarkDotNet.Attributes;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Crm.Engine.Benchmarks.Storage;

/// <summary>
/// Queries and counts the segment "bought in the last 30 days AND has an inbound email interaction" over 100,000
/// customers with about 3 interactions and 1 purchase each, at a fixed <c>AsOf</c>. Goal: query + count under 100 ms.
/// </summary>
[MemoryDiagnoser]
public class SegmentQueryBenchmark : IDisposable
{
    public const string Segment =
        """{"all":[{"some":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P30D"}},{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"direction","op":"eq","value":"inbound"}]}}]}""";

    private const int CustomerCount = 100_000;

    private string _path = "";
    private SqliteStorageProvider? _provider;
    private StorageQuery _query = new();

    [GlobalSetup]
    public void BuildDatabase()
    {
        _path = BenchmarkData.NewDatabasePath();
        _provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = _path });
        _provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var customers = BenchmarkData.Customers(CustomerCount);
        var session = _provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using (new SyncDisposable(session))
        {
            session.Customers.BulkInsertAsync(customers, CancellationToken.None).GetAwaiter().GetResult();
            session.Interactions.BulkInsertAsync(BenchmarkData.Interactions(customers, 3), CancellationToken.None).GetAwaiter().GetResult();
            session.Purchases.BulkInsertAsync(BenchmarkData.Purchases(customers, 1), CancellationToken.None).GetAwaiter().GetResult();
        }

        // As after an application restart: initialization refreshes the planner statistics.
        _provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();

        _query = new StorageQuery { Filter = ConditionParser.Parse(Segment, CrmFields.Customer), AsOf = BenchmarkData.AsOf, Page = new PageRequest(50) };
        Console.WriteLine($"// Segment size: {Count().GetAwaiter().GetResult()} of {CustomerCount} customers");
    }

    [GlobalCleanup]
    public void DeleteDatabase()
    {
        _provider?.Dispose();
        BenchmarkData.DeleteDatabase(_path);
    }

    /// <summary>Hand-written SQL count of the same segment: what an expert would write for this one query.</summary>
    [Benchmark(Baseline = true)]
    public long RawSqlCount()
    {
        using var connection = new SqliteConnection(_provider!.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM customers c
            WHERE c.tenant_id = @t
              AND c.id IN (SELECT customer_id FROM purchases WHERE tenant_id = @t AND purchased_at >= @since)
              AND c.id IN (SELECT customer_id FROM interactions WHERE tenant_id = @t AND channel = 'email' AND direction = 'Inbound');
            """;
        command.Parameters.AddWithValue("@t", BenchmarkData.TenantId);
        command.Parameters.AddWithValue("@since", BenchmarkData.AsOf.AddDays(-30).UtcTicks);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The provider's count of the segment, translated from the condition.</summary>
    [Benchmark]
    public async Task<long> Count()
    {
        var session = await _provider!.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return await session.Customers.CountAsync(_query, CancellationToken.None);
        }
    }

    /// <summary>The provider's first page (50 customers, oldest first) of the segment.</summary>
    [Benchmark]
    public async Task<int> FirstPage()
    {
        var session = await _provider!.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return (await session.Customers.QueryAsync(_query, CancellationToken.None)).Items.Count;
        }
    }

    /// <summary>Query and count in one session: what a segment screen does, and what the 100 ms goal is about.</summary>
    [Benchmark]
    public async Task<long> QueryAndCount()
    {
        var session = await _provider!.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            var page = await session.Customers.QueryAsync(_query, CancellationToken.None);
            return page.Items.Count + await session.Customers.CountAsync(_query, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        _provider?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class SyncDisposable(IAsyncDisposable inner) : IDisposable
    {
        public void Dispose() => inner.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
