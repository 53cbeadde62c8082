using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Benchmarks.Storage;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// RFM on PostgreSQL over the shared <see cref="PostgresSegmentData"/> database: scoring every buyer in one statement
/// (<c>ComputeRfmAsync</c>, replaces the previous run), and counting / paging a segment that combines an RFM segment
/// with a purchase aggregate, evaluated by the segment store.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PostgresInProcessConfig))]
public class PostgresRfmBenchmark
{
    /// <summary>Champions or loyal customers who spent more than 100 in total.</summary>
    public const string Segment =
        """{"all":[{"any":[{"field":"rfmSegment","op":"eq","value":"Champions"},{"field":"rfmSegment","op":"eq","value":"Loyal"}]},{"field":"totalSpent","op":"gt","value":100}]}""";

    private PostgresBenchmarkSetup? _setup;
    private StorageQuery _query = new();

    [GlobalSetup]
    public void BuildDatabase()
    {
        _setup = PostgresSegmentData.Setup;
        Console.WriteLine($"// RFM buyers scored: {ComputeRfm().GetAwaiter().GetResult()}");
        _query = new StorageQuery { Filter = ConditionParser.Parse(Segment, SegmentFields.Customer), AsOf = BenchmarkData.AsOf, Page = new PageRequest(50) };
        Console.WriteLine($"// RFM segment size: {SegmentCount().GetAwaiter().GetResult()} of {PostgresSegmentData.CustomerCount} customers");
        PostgresSegmentData.ExplainIfAsked(_setup, () =>
        {
            SegmentCount().GetAwaiter().GetResult();
            SegmentFirstPage().GetAwaiter().GetResult();
        });
    }

    [GlobalCleanup]
    public void Stop()
    {
        _setup = null;
        PostgresSegmentData.ReleaseIfChildProcess();
    }

    /// <summary>Scores every buyer (quintiles by window functions) and stores the scores: one statement.</summary>
    [Benchmark]
    public async Task<long> ComputeRfm()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            var counts = await session.Segments.ComputeRfmAsync(BenchmarkData.AsOf, CancellationToken.None);
            return counts.Values.Sum();
        }
    }

    /// <summary>Counts the RFM segment.</summary>
    [Benchmark]
    public async Task<long> SegmentCount()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return await session.Segments.CountAsync(_query, CancellationToken.None);
        }
    }

    /// <summary>The first page (50 customers, oldest first) of the RFM segment.</summary>
    [Benchmark]
    public async Task<int> SegmentFirstPage()
    {
        var session = await _setup!.Provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            return (await session.Segments.QueryAsync(_query, CancellationToken.None)).Items.Count;
        }
    }
}
