using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Benchmarks.Storage;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Npgsql;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// Queries and counts the segment "bought in the last 30 days AND has an inbound email interaction" on PostgreSQL
/// over the shared <see cref="PostgresSegmentData"/> database (sizes from its environment variables), at a fixed
/// <c>AsOf</c>, against hand-written SQL. Goal: query + count under 100 ms.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PostgresInProcessConfig))]
public class PostgresSegmentQueryBenchmark
{
    private PostgresBenchmarkSetup? _setup;
    private StorageQuery _query = new();

    [GlobalSetup]
    public void BuildDatabase()
    {
        _setup = PostgresSegmentData.Setup;
        _query = new StorageQuery { Filter = ConditionParser.Parse(SegmentQueryBenchmark.Segment, CrmFields.Customer), AsOf = BenchmarkData.AsOf, Page = new PageRequest(50) };
        Console.WriteLine($"// Segment size: {Count().GetAwaiter().GetResult()} of {PostgresSegmentData.CustomerCount} customers (raw SQL {RawSqlCount()})");
        PostgresSegmentData.ExplainIfAsked(_setup, () =>
        {
            RawSqlCount();
            Count().GetAwaiter().GetResult();
            FirstPage().GetAwaiter().GetResult();
        });
    }

    [GlobalCleanup]
    public void Stop()
    {
        _setup = null;
        PostgresSegmentData.ReleaseIfChildProcess();
    }

    /// <summary>Hand-written SQL count of the same segment: what an expert would write for this one query.</summary>
    [Benchmark(Baseline = true)]
    public long RawSqlCount()
    {
        using var connection = _setup!.Provider.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("""
            SELECT COUNT(*) FROM customers c
            WHERE c.tenant_id = @t
              AND EXISTS (SELECT 1 FROM purchases p WHERE p.tenant_id = @t AND p.customer_id = c.id AND p.purchased_at >= @since)
              AND EXISTS (SELECT 1 FROM interactions i WHERE i.tenant_id = @t AND i.customer_id = c.id AND i.channel = 'email' AND i.direction = 'Inbound');
            """, connection);
        command.Parameters.AddWithValue("t", BenchmarkData.TenantId);
        command.Parameters.AddWithValue("since", BenchmarkData.AsOf.AddDays(-30).ToUniversalTime());
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The provider's count of the segment, translated from the condition.</summary>
    [Benchmark]
    public async Task<long> Count()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return await session.Customers.CountAsync(_query, CancellationToken.None);
        }
    }

    /// <summary>The provider's first page (50 customers, oldest first) of the segment.</summary>
    [Benchmark]
    public async Task<int> FirstPage()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return (await session.Customers.QueryAsync(_query, CancellationToken.None)).Items.Count;
        }
    }

    /// <summary>Query and count in one session: what a segment screen does, and what the 100 ms goal is about.</summary>
    [Benchmark]
    public async Task<long> QueryAndCount()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            var page = await session.Customers.QueryAsync(_query, CancellationToken.None);
            return page.Items.Count + await session.Customers.CountAsync(_query, CancellationToken.None);
        }
    }
}
