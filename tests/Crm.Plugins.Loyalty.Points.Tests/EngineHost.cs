using Crm.Engine.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points.Tests;

/// <summary>A real engine on a fresh SQLite file with a manual clock.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory;

    private EngineHost(ServiceProvider provider, string directory, ManualTimeProvider time)
    {
        Provider = provider;
        _directory = directory;
        Time = time;
        Engine = provider.GetRequiredService<ICrmEngine>();
        Crm = Engine.ForTenant("tenant-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public ServiceProvider Provider { get; }

    public ICrmEngine Engine { get; }

    public ICrmContext Crm { get; }

    public ManualTimeProvider Time { get; }

    public static async Task<EngineHost> CreateAsync(Action<ICrmEngineBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-loyalty-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var time = new ManualTimeProvider(Start);
        var collection = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        var builder = collection.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"));
        configure?.Invoke(builder);
        services?.Invoke(collection);
        var host = new EngineHost(collection.BuildServiceProvider(), directory, time);
        await host.Engine.InitializeAsync();
        return host;
    }

    public Task<Customer> CustomerAsync() =>
        Crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Lovelace", Emails = [$"ada-{Guid.NewGuid():N}@example.com"] });

    public Task<Purchase> PurchaseAsync(Guid customerId, decimal amount) =>
        Crm.Purchases.RecordAsync(new Purchase { CustomerId = customerId, PurchasedAt = Time.GetUtcNow(), Currency = "EUR", Lines = [new PurchaseLine("SKU-1", "Thing", 1, amount)] });

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
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
