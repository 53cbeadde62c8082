using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Tests.Hosting;

public class AddCrmEngineTests
{
    [Fact]
    public async Task InitializeAsync_InvalidOption_FailsNamingTheOption()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine(o => o.MaxPageSize = 0).UseSqliteStorage(o => o.DataSource = TempDatabase());
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<ICrmEngine>().InitializeAsync());

        Assert.Contains("MaxPageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_DefaultLargerThanMax_FailsNamingBothOptions()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine(o => (o.DefaultPageSize, o.MaxPageSize) = (500, 100)).UseSqliteStorage(o => o.DataSource = TempDatabase());
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<ICrmEngine>().InitializeAsync());

        Assert.Contains("DefaultPageSize (500) must not exceed MaxPageSize (100)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_NoStorage_SaysWhichMethodToCall()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine();
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<ICrmEngine>().InitializeAsync());

        Assert.Contains("UseSqliteStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCrmEngine_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddCrmEngine();
        services.AddCrmEngine();

        Assert.Single(services, d => d.ServiceType == typeof(ICrmEngine));
        Assert.Single(services, d => d.ServiceType == typeof(Crm.Engine.Events.ICrmEventBus));
    }

    [Fact]
    public async Task InitializeAsync_StartsComponentsInOrderAndDisposeStopsThemInReverse()
    {
        var log = new List<string>();
        var services = new ServiceCollection().AddLogging().AddSingleton(log);
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = TempDatabase()).AddComponent<FirstComponent>().AddComponent<SecondComponent>();
        var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();

        await engine.InitializeAsync();
        await engine.InitializeAsync();
        await engine.DisposeAsync();

        Assert.Equal(["start First", "start Second", "stop Second", "stop First"], log);
        Assert.Throws<ObjectDisposedException>(() => engine.ForTenant("t"));
        await provider.DisposeAsync();
    }

    private static string TempDatabase() => Path.Combine(Path.GetTempPath(), $"crm-engine-options-{Guid.NewGuid():N}.db");

    internal sealed class FirstComponent(List<string> log) : ICrmEngineComponent
    {
        public Task StartAsync(CancellationToken cancellationToken) => Record("start First");

        public Task StopAsync(CancellationToken cancellationToken) => Record("stop First");

        private Task Record(string entry)
        {
            log.Add(entry);
            return Task.CompletedTask;
        }
    }

    internal sealed class SecondComponent(List<string> log) : ICrmEngineComponent
    {
        public Task StartAsync(CancellationToken cancellationToken) => Record("start Second");

        public Task StopAsync(CancellationToken cancellationToken) => Record("stop Second");

        private Task Record(string entry)
        {
            log.Add(entry);
            return Task.CompletedTask;
        }
    }
}
