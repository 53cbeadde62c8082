using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// Evaluates behavioural and RFM segments over 1,000,000 customers, 5,000,000 interactions and 2,000,000 purchases
/// through <see cref="ISegmentService"/> (condition bound, translated to SQL, evaluated by SQLite). Goal: under 2 s per
/// evaluation, count included. An evaluation is what a segment screen does: the member count and the first page of
/// 100 members. Sizes: env CRM_BENCH_CUSTOMERS, CRM_BENCH_INTERACTIONS_PER_CUSTOMER, CRM_BENCH_PURCHASES_PER_CUSTOMER.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SegmentAggregateBenchmark
{
    /// <summary>At least 2 purchases in the 90 days before AsOf and an email interaction in the last 30 days.</summary>
    public const string Behavioural =
        """{"all":[{"count":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P90D"},"op":"gte","value":2},{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]}}]}""";

    /// <summary>At least 2 email interactions in the last 30 days and more than 100 spent in total.</summary>
    public const string EngagedSpenders =
        """{"all":[{"count":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]},"op":"gte","value":2},{"field":"totalSpent","op":"gt","value":100}]}""";

    /// <summary>The win-back audience of the last RFM run: valuable customers who stopped buying.</summary>
    public const string Rfm =
        """{"field":"rfmSegment","op":"in","value":["At Risk","Can't Lose"]}""";

    private static readonly PageRequest FirstPage = new(100);
    private readonly int _customers = CustomerDataBench.Customers;
    private string _path = "";
    private ServiceProvider? _services;
    private ICrmContext? _crm;
    private Condition _behavioural = null!;
    private Condition _engagedSpenders = null!;
    private Condition _rfm = null!;

    [GlobalSetup]
    public void BuildDatabase()
    {
        _path = SegmentBenchmarkData.Ensure(_customers, CustomerDataBench.InteractionsPerCustomer, CustomerDataBench.PurchasesPerCustomer);
        (_services, _crm) = CustomerDataBench.CreateEngine(_path);
        _behavioural = ConditionParser.Parse(Behavioural, SegmentFields.Customer);
        _engagedSpenders = ConditionParser.Parse(EngagedSpenders, SegmentFields.Customer);
        _rfm = ConditionParser.Parse(Rfm, SegmentFields.Customer);
        Console.WriteLine($"// Segment sizes of {_customers:N0} customers: behavioural {Count(_behavioural):N0} (raw SQL {RawSqlBehaviouralCount():N0}), engaged spenders {Count(_engagedSpenders):N0}, RFM win-back {Count(_rfm):N0}");
    }

    [GlobalCleanup]
    public void Dispose() => _services?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The behavioural segment as hand-written SQL: each relation aggregated once, then intersected and counted.</summary>
    [Benchmark(Baseline = true)]
    public long RawSqlBehaviouralCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM
              (SELECT customer_id FROM purchases WHERE tenant_id = @t AND purchased_at >= @since90
               GROUP BY customer_id HAVING COUNT(*) >= 2) p
            WHERE p.customer_id IN (SELECT customer_id FROM interactions WHERE tenant_id = @t AND channel = 'email' AND occurred_at >= @since30);
            """;
        command.Parameters.AddWithValue("@t", Storage.BenchmarkData.TenantId);
        command.Parameters.AddWithValue("@since90", Storage.BenchmarkData.AsOf.AddDays(-90).UtcTicks);
        command.Parameters.AddWithValue("@since30", Storage.BenchmarkData.AsOf.AddDays(-30).UtcTicks);
        return (long)command.ExecuteScalar()!;
    }

    [Benchmark]
    public long BehaviouralCount() => Count(_behavioural);

    [Benchmark]
    public long BehaviouralEvaluation() => Evaluate(_behavioural);

    /// <summary>The behavioural segment as two calls (count, then first page): the condition is evaluated twice.</summary>
    [Benchmark]
    public long BehaviouralCountThenPage()
    {
        var count = _crm!.Segments.CountAsync(_behavioural).GetAwaiter().GetResult();
        var page = _crm.Segments.GetMembersAsync(_behavioural, FirstPage).GetAwaiter().GetResult();
        return count + page.Items.Count;
    }

    [Benchmark]
    public long EngagedSpendersEvaluation() => Evaluate(_engagedSpenders);

    [Benchmark]
    public long RfmEvaluation() => Evaluate(_rfm);

    /// <summary>Re-scores every buyer (one INSERT ... SELECT with window functions over all purchases).</summary>
    [Benchmark]
    public int ComputeRfm() => _crm!.Segments.ComputeRfmAsync().GetAwaiter().GetResult().SegmentCounts.Count;

    private long Count(Condition segment) => _crm!.Segments.CountAsync(segment).GetAwaiter().GetResult();

    /// <summary>The member count and the first page, as a segment screen shows them: one call, one evaluation.</summary>
    private long Evaluate(Condition segment)
    {
        var evaluation = _crm!.Segments.EvaluateAsync(segment, FirstPage).GetAwaiter().GetResult();
        return evaluation.Count + evaluation.Members.Items.Count;
    }
}
