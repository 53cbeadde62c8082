using Crm.Engine.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests;

/// <summary>Builds a real engine on a fresh SQLite file with a manual clock, and deletes the file afterwards.</summary>
internal sealed class TestEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory;

    private TestEngine(ServiceProvider provider, string directory, ManualTimeProvider time)
    {
        Provider = provider;
        _directory = directory;
        Time = time;
        Engine = provider.GetRequiredService<ICrmEngine>();
    }

    public ServiceProvider Provider { get; }

    public ICrmEngine Engine { get; }

    public ManualTimeProvider Time { get; }

    public static async Task<TestEngine> CreateAsync(Action<ICrmEngineBuilder>? configure = null, Action<CrmEngineOptions>? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var time = new ManualTimeProvider(Start);
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        var builder = services.AddCrmEngine(options).UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"));
        configure?.Invoke(builder);
        var engine = new TestEngine(services.BuildServiceProvider(), directory, time);
        await engine.Engine.InitializeAsync();
        return engine;
    }

    public ICrmContext Tenant(string? tenantId = null) => Engine.ForTenant(tenantId ?? "tenant-" + Guid.NewGuid().ToString("N")[..8]);

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
            // A leftover temp file is harmless; never fail a test on cleanup.
        }
    }
}
