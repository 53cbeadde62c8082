using BenchmarkDotNet.Attributes;
using Crm.Engine.Benchmarks.Storage;
using Crm.Engine.Campaigns;
using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Campaigns;

/// <summary>
/// Mines co-purchase association rules over 1 000 000 purchase lines on SQLite: 250 000 purchases of 50 000
/// customers, 4 lines each, SKUs from a catalog of 2 000 with a skewed popularity (the square of a uniform draw), plus
/// 20 "bundles" of two SKUs bought together in a fifth of the purchases so strong rules exist. ComputeRules uses the
/// default thresholds (support 0.001, confidence 0.1); Recommend answers one customer's next best products.
/// </summary>
[Config(typeof(CampaignBenchmarkConfig))]
[MemoryDiagnoser]
public class AssociationRuleBenchmark
{
    private const int Purchases = 250_000;
    private const int LinesPerPurchase = 4;
    private const int Catalog = 2_000;
    private string _directory = null!;
    private ServiceProvider _services = null!;
    private ICrmContext _crm = null!;
    private Guid[] _customers = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-rules-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db")).ConfigureMessaging(o => o.DispatchOutbox = false);
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant(BenchmarkData.TenantId);
        _customers = await LoadAsync(_services.GetRequiredService<IStorageProvider>());
        await _crm.Recommendations.ComputeRulesAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public Task<AssociationRuleSummary> ComputeRulesOver1MLines() => _crm.Recommendations.ComputeRulesAsync();

    [Benchmark(OperationsPerInvoke = 100)]
    public async Task<int> RecommendForOneCustomer()
    {
        var found = 0;
        for (var i = 0; i < 100; i++)
        {
            found += (await _crm.Recommendations.RecommendAsync(_customers[_next++ % _customers.Length])).Count;
        }

        return found;
    }

    private static async Task<Guid[]> LoadAsync(IStorageProvider provider)
    {
        var random = new Random(7);
        var customers = Enumerable.Range(0, 50_000).Select(_ => BenchmarkData.NewId(random)).ToArray();
        var purchases = new List<Purchase>(Purchases);
        for (var p = 0; p < Purchases; p++)
        {
            var lines = new List<PurchaseLine>(LinesPerPurchase);
            if (random.Next(5) == 0)
            {
                var bundle = random.Next(20);
                lines.Add(Line(bundle * 2));
                lines.Add(Line((bundle * 2) + 1));
            }

            while (lines.Count < LinesPerPurchase)
            {
                var u = random.NextDouble();
                lines.Add(Line((int)(u * u * Catalog)));
            }

            purchases.Add(new Purchase
            {
                Id = BenchmarkData.NewId(random),
                TenantId = BenchmarkData.TenantId,
                CustomerId = customers[random.Next(customers.Length)],
                PurchasedAt = BenchmarkData.AsOf.AddMinutes(-p),
                Currency = "EUR",
                Lines = lines,
                CreatedAt = BenchmarkData.AsOf,
            });
        }

        var session = await provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            await session.Purchases.BulkInsertAsync(purchases, CancellationToken.None);
        }

        return customers;
    }

    private static PurchaseLine Line(int product) => new("SKU-" + product.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "Product", 1, 9.99m);
}
