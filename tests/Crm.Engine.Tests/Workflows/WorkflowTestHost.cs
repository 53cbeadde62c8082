using Crm.Engine.Testing.Time;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

/// <summary>
/// Builds a real engine with workflows on a SQLite file and a manual clock. The database folder can outlive one host,
/// so a test can dispose the engine and build another on the same file (the restart test).
/// </summary>
internal sealed class WorkflowTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero); // a Monday, 11:00 in Berlin

    private readonly ServiceProvider _provider;
    private readonly bool _ownsDirectory;

    private WorkflowTestHost(ServiceProvider provider, string directory, ManualTimeProvider time, bool ownsDirectory)
    {
        _provider = provider;
        Directory = directory;
        Time = time;
        _ownsDirectory = ownsDirectory;
        Engine = provider.GetRequiredService<ICrmEngine>();
    }

    public ICrmEngine Engine { get; }

    public ManualTimeProvider Time { get; }

    public string Directory { get; }

    public IServiceProvider Services => _provider;

    public static string SamplesDirectory { get; } = FindSamples();

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-workflow-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public static async Task<WorkflowTestHost> CreateAsync(Action<ICrmEngineBuilder> configure, string? directory = null, ManualTimeProvider? time = null)
    {
        var ownsDirectory = directory is null;
        directory ??= NewDirectory();
        time ??= new ManualTimeProvider(Start);
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        var builder = services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"));
        configure(builder);
        var host = new WorkflowTestHost(services.BuildServiceProvider(), directory, time, ownsDirectory);
        await host.Engine.InitializeAsync();
        return host;
    }

    public ICrmContext Tenant(string tenantId = "acme") => Engine.ForTenant(tenantId);

    public async Task<Customer> CreateCustomerAsync(string tenantId = "acme", string name = "Ada") =>
        await Tenant(tenantId).Customers.CreateAsync(new Customer { FirstName = name, LastName = "Lovelace", Emails = [$"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"] });

    /// <summary>Advances the clock and waits until the timers that fell due have been processed.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        Time.Advance(delta);
        await WhenTimersIdleAsync();
    }

    public Task WhenTimersIdleAsync() =>
        _provider.GetRequiredService<WorkflowTimerScheduler>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Polls until <paramref name="condition"/> holds or fails the test after a deadline; for background work.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {because}.");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (_ownsDirectory)
        {
            DeleteDirectory(Directory);
        }
    }

    public static void DeleteDirectory(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless; never fail a test on cleanup.
        }
    }

    private static string FindSamples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "workflows");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("samples/workflows was not found above the test output folder.");
    }
}
