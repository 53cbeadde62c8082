using BenchmarkDotNet.Attributes;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Loyalty;

/// <summary>
/// Measures points award throughput on SQLite through the points program, as the <c>PurchaseRecorded</c> handler runs
/// it: open a session, evaluate the rules, append the entry (idempotency check, guarded balance move, insert) and
/// check the tier, in one transaction. Also a redelivered purchase (the idempotent no-op), a redemption, and an award
/// through the engine's <c>ctx.Loyalty</c> (permissions, validation, customer check, events). Awards per second =
/// 1 s / Mean. Customers rotate over <see cref="Customers"/> accounts so ledgers grow realistically.
/// </summary>
[MemoryDiagnoser]
public class PointsAwardBenchmark
{
    private const int Customers = 1_000;
    private const string Tenant = "bench";

    private string _directory = null!;
    private ServiceProvider _services = null!;
    private IStorageProvider _storage = null!;
    private ILoyaltyProgram _program = null!;
    private ICrmContext _crm = null!;
    private Guid[] _customers = null!;
    private LoyaltyEarningEvent _delivered = null!;
    private long _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-loyalty-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .AddLoyaltyPoints(o =>
            {
                o.AwardOnPurchase = false; // the benchmark drives the program itself
                o.Tiers.Add(new LoyaltyTier { Name = "Member", Threshold = 0 });
                o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 1_000_000 });
            });
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant(Tenant);
        _storage = _services.GetRequiredService<IStorageProvider>();
        _program = _services.GetRequiredService<ILoyaltyProgram>();
        _customers = new Guid[Customers];
        for (var i = 0; i < Customers; i++)
        {
            _customers[i] = (await _crm.Customers.CreateAsync(new Customer { FirstName = "Bench", LastName = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).Id;
        }

        _delivered = Purchase(_customers[0]);
        await EarnAsync(_delivered);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Award for a new purchase (program, own transaction)")]
    public Task<LoyaltyResult> AwardNewPurchase() => EarnAsync(Purchase(NextCustomer()));

    [Benchmark(Description = "Redelivered purchase (idempotent no-op)")]
    public Task<LoyaltyResult> RedeliveredPurchase() => EarnAsync(_delivered);

    [Benchmark(Description = "Redeem 1 point (program)")]
    public async Task<LoyaltyResult> Redeem()
    {
        var key = "redeem-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var session = await _storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await _program.PostAsync(session, new LoyaltyPosting { CustomerId = _customers[0], Kind = LoyaltyEntryKind.Redeem, Points = 1, Reason = "bench", IdempotencyKey = key }, null, CancellationToken.None);
        }
    }

    [Benchmark(Description = "Award through ctx.Loyalty.PostAsync (engine)")]
    public Task<LoyaltyResult> AwardThroughEngine()
    {
        var key = "award-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _crm.Loyalty.PostAsync(new LoyaltyPosting { CustomerId = NextCustomer(), Kind = LoyaltyEntryKind.Earn, Points = 10, Reason = "bench", IdempotencyKey = key });
    }

    private Guid NextCustomer() => _customers[Interlocked.Increment(ref _next) % Customers];

    private static LoyaltyEarningEvent Purchase(Guid customer) => LoyaltyEarningEvent.ForPurchase(new Purchase
    {
        Id = Guid.NewGuid(),
        TenantId = Tenant,
        CustomerId = customer,
        PurchasedAt = DateTimeOffset.UnixEpoch.AddYears(60),
        Currency = "EUR",
        Lines = [new PurchaseLine("SKU", "Thing", 1, 42.50m)],
    });

    private async Task<LoyaltyResult> EarnAsync(LoyaltyEarningEvent earning)
    {
        var session = await _storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await _program.EarnAsync(session, earning, null, CancellationToken.None);
        }
    }
}
