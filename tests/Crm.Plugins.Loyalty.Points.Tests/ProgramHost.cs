using Crm.Engine.Events;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Loyalty.Points;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points.Tests;

/// <summary>The points program wired as AddLoyaltyPoints wires it, over a fresh SQLite file and a manual clock.</summary>
internal sealed class ProgramHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory;
    private readonly ServiceProvider _services;

    private ProgramHost(string directory, ServiceProvider services, ManualTimeProvider time, SqliteStorageProvider storage)
    {
        _directory = directory;
        _services = services;
        Time = time;
        Storage = storage;
        Program = services.GetRequiredService<PointsProgram>();
        Tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
    }

    public ManualTimeProvider Time { get; }

    public SqliteStorageProvider Storage { get; }

    public PointsProgram Program { get; }

    public string Tenant { get; }

    public IServiceProvider Services => _services;

    public static async Task<ProgramHost> CreateAsync(Action<LoyaltyPointsOptions> configure)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-loyalty-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var time = new ManualTimeProvider(Start);
        var storage = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = Path.Combine(directory, "crm.db") }, time);
        await storage.InitializeAsync(CancellationToken.None);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IStorageProvider>(storage)
            .AddLoyaltyPoints(configure)
            .BuildServiceProvider();
        return new ProgramHost(directory, services, time, storage);
    }

    public async Task<LoyaltyResult> EarnAsync(LoyaltyEarningEvent earning)
    {
        var session = await Storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await Program.EarnAsync(session, earning, "test", CancellationToken.None);
        }
    }

    public async Task<LoyaltyResult> PostAsync(LoyaltyPosting posting)
    {
        var session = await Storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await Program.PostAsync(session, posting, "test", CancellationToken.None);
        }
    }

    public async Task<LoyaltyResult> MaintainAsync(Guid customerId)
    {
        var session = await Storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await Program.MaintainAsync(session, customerId, "test", CancellationToken.None);
        }
    }

    public async Task<T> ReadAsync<T>(Func<ILoyaltyStore, Task<T>> read)
    {
        var session = await Storage.OpenSessionAsync(Tenant, CancellationToken.None);
        await using (session)
        {
            return await read(session.Loyalty);
        }
    }

    public Task<LoyaltyAccount?> AccountAsync(Guid customerId) => ReadAsync(s => s.GetAccountAsync(customerId, CancellationToken.None));

    public LoyaltyEarningEvent Purchase(Guid customerId, decimal amount, string currency = "EUR", Guid? campaignId = null, Guid? purchaseId = null) =>
        LoyaltyEarningEvent.ForPurchase(
            new Crm.Engine.Purchase
            {
                Id = purchaseId ?? Guid.NewGuid(),
                TenantId = Tenant,
                CustomerId = customerId,
                PurchasedAt = Time.GetUtcNow(),
                Currency = currency,
                Lines = [new Crm.Engine.PurchaseLine("SKU-1", "Thing", 1, amount)],
            },
            campaignId);

    public static LoyaltyPosting Redeem(Guid customerId, long points, string key) =>
        new() { CustomerId = customerId, Kind = LoyaltyEntryKind.Redeem, Points = points, Reason = "Reward", IdempotencyKey = key };

    public static LoyaltyPosting Award(Guid customerId, long points, string key) =>
        new() { CustomerId = customerId, Kind = LoyaltyEntryKind.Earn, Points = points, Reason = "Goodwill", IdempotencyKey = key };

    public static IEnumerable<T> EventsOf<T>(LoyaltyResult result)
        where T : CrmEvent => result.Events.OfType<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Storage.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }
    }
}
