using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins.Tests.Infrastructure;
using Fixture.Greeter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginHostLoadTests
{
    [Fact]
    public async Task StartAsync_FolderPlugin_ServesCallsThroughHandle()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();
        var result = await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"), key: "42");

        Assert.True(result.IsDelivered);
        Assert.Equal("v=1.0.0;asm=1.0.0.0;greeting=hello;key=42", result.ProviderMessageId);
    }

    [Fact]
    public async Task GetPlugins_ActiveFolderPlugin_ListsIdentityStateAndStatistics()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();
        await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"));

        var info = harness.Plugin("fixture.greeter");

        Assert.Equal("1.0.0", info.Version);
        Assert.Equal(PluginSource.Folder, info.Source);
        Assert.Equal(folder, info.Location);
        Assert.Equal(PluginState.Active, info.State);
        Assert.Equal(PluginHealth.Healthy, info.Health);
        Assert.Equal(1, info.Statistics.Calls);
        Assert.Equal(0, info.Statistics.Failures);
        Assert.True(info.Statistics.P95Latency > TimeSpan.Zero);
        Assert.Null(info.LastError);
        Assert.Equal(1, info.Activations);
    }

    [Fact]
    public async Task GetPlugins_ActivePlugin_ListsAssembliesFromHostAndPlugin()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();

        var assemblies = harness.Plugin("fixture.greeter").Assemblies;

        Assert.Contains(assemblies, a => a is { Name: "Fixture.Greeter", Origin: PluginAssemblyOrigin.Plugin });
        Assert.Contains(assemblies, a => a is { Name: "Crm.Engine.Abstractions", Origin: PluginAssemblyOrigin.Host });
        Assert.Contains(assemblies, a => a is { Name: "Microsoft.Extensions.DependencyInjection.Abstractions", Origin: PluginAssemblyOrigin.Host });
        Assert.Contains(assemblies, a => a is { Name: "System.Runtime", Origin: PluginAssemblyOrigin.Host });
    }

    [Fact]
    public async Task AddPlugin_SamePluginRegisteredInCode_ServesWithEmbeddedManifest()
    {
        await using var harness = PluginHostHarness.Create(withDirectory: false, build: b => b.AddPlugin<GreeterPlugin>().AddPlugin<GreeterPlugin>());

        await harness.StartAsync();
        var result = await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"), key: "code");

        var info = Assert.Single(harness.Host.GetPlugins());
        Assert.Equal(PluginSource.Code, info.Source);
        Assert.Equal("1.0.0", info.Version);
        Assert.Equal("v=1.0.0;asm=1.0.0.0;greeting=hello;key=code", result.ProviderMessageId);
    }

    [Fact]
    public async Task StartAsync_BadManifest_ReportsFileJsonPathAndLineAndKeepsOtherPlugins()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.BadManifest);
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();

        var failed = harness.Plugin(Fixtures.BadManifest);
        Assert.Equal(PluginState.Failed, failed.State);
        var error = failed.LastError!;
        var manifestPath = Path.Combine(folder, "plugin.json");
        Assert.Contains($"from '{manifestPath}'", error, StringComparison.Ordinal);
        Assert.Contains($"{manifestPath}(2,", error, StringComparison.Ordinal);
        Assert.Contains("$.id: 'Bad Manifest!' is not valid here", error, StringComparison.Ordinal);
        Assert.Contains($"{manifestPath}(3,", error, StringComparison.Ordinal);
        Assert.Contains("$.version", error, StringComparison.Ordinal);
        Assert.Contains("$.kinds[1]: 'teleport' is not one of", error, StringComparison.Ordinal);
        Assert.Contains("$.entry.type: Property 'type' is required.", error, StringComparison.Ordinal);
        Assert.Contains("$.colour: 'colour' is not a manifest property", error, StringComparison.Ordinal);
        Assert.Equal(PluginState.Active, harness.Plugin("fixture.greeter").State);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Fixture.BadManifest");
    }

    [Fact]
    public async Task StartAsync_IncompatibleEngineRange_RejectsWithLocatedReason()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.IncompatibleEngine);

        await harness.StartAsync();

        var info = harness.Plugin("fixture.incompatible-engine");
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("(6,13): $.engine: The plugin supports engine versions '>=99.0.0', but this engine is 0.1.0", info.LastError, StringComparison.Ordinal);
        Assert.Throws<CrmPluginCallException>(() => harness.Host.GetService<IChannelAdapter>("no.such-plugin"));
    }

    [Fact]
    public async Task StartAsync_ConstructorThrows_RejectsAndEngineKeepsRunning()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.ThrowingCtor);
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();

        var info = harness.Plugin("fixture.throwing-ctor");
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("the constructor of 'Fixture.ThrowingCtor.ThrowingPlugin' threw InvalidOperationException: boom from the constructor", info.LastError, StringComparison.Ordinal);
        var call = await Assert.ThrowsAsync<CrmPluginCallException>(async () => await PluginHostHarness.SendAsync(harness.Channel("fixture.throwing-ctor")));
        Assert.Equal(PluginCallFailure.Unavailable, call.Failure);
        Assert.True((await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"))).IsDelivered);
        Assert.Single(harness.Logs.WithEventId(3003), e => e.Message.Contains("'fixture.throwing-ctor'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_StartHookHangs_RejectsAfterStartTimeout()
    {
        await using var harness = PluginHostHarness.Create(o =>
        {
            o.StartTimeout = TimeSpan.FromMilliseconds(200);
            o.Settings["fixture.faulty"] = JsonDocument.Parse("""{"start":"hang"}""").RootElement;
        });
        harness.Copy(Fixtures.Faulty);

        await harness.StartAsync();

        var info = harness.Plugin("fixture.faulty");
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("StartAsync of version 1.0.0 did not finish within 00:00:00.2000000 (PluginHostOptions.StartTimeout)", info.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SettingsViolateSchema_RejectsNamingSettingAndPath()
    {
        await using var harness = PluginHostHarness.Create(o => o.Settings["fixture.greeter"] = JsonDocument.Parse("""{"greting":"hi"}""").RootElement);
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();

        var info = harness.Plugin("fixture.greeter");
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains("PluginHostOptions.Settings['fixture.greeter'](1,12): $.greting: 'greting' is not a setting of plugin 'fixture.greeter'", info.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SettingsFileInFolder_ReachesPlugin()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1);
        File.WriteAllText(Path.Combine(folder, "settings.json"), """{ "greeting": "hej" }""");

        await harness.StartAsync();

        Assert.Contains("greeting=hej", (await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"))).ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DeniedCapability_RejectsPlugin()
    {
        await using var harness = PluginHostHarness.Create(o => o.DeniedCapabilities.Add(PluginCapabilities.EventsSubscribe));
        harness.Copy(Fixtures.GreeterV1);

        await harness.StartAsync();

        Assert.Contains("$.capabilities[0]: Capability 'events.subscribe' is denied by PluginHostOptions.DeniedCapabilities.", harness.Plugin("fixture.greeter").LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsNamingEveryOption()
    {
        await using var harness = PluginHostHarness.Create(o =>
        {
            o.CallTimeout = TimeSpan.Zero;
            o.MaxConcurrentCalls = 0;
            o.CircuitBreakerFailureRatio = 2;
            o.ShadowCopyDirectory = Path.Combine(o.Directories[0], "shadow");
        });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(harness.StartAsync);

        Assert.Contains("PluginHostOptions.CallTimeout must be positive", exception.Message, StringComparison.Ordinal);
        Assert.Contains("PluginHostOptions.MaxConcurrentCalls must be at least 1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("PluginHostOptions.CircuitBreakerFailureRatio must be greater than 0 and at most 1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("PluginHostOptions.ShadowCopyDirectory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_DependenciesInAnyFolderOrder_LoadsDependencyFirst()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1, "b-base");
        var dependent = harness.Copy(Fixtures.GreeterV1, "a-dependent");
        Fixtures.EditManifest(dependent, m =>
        {
            m["id"] = "fixture.dependent";
            m["dependencies"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "fixture.greeter", ["version"] = "^1.0.0" });
        });

        await harness.StartAsync();

        Assert.Equal(PluginState.Active, harness.Plugin("fixture.dependent").State);
        Assert.Equal(PluginState.Active, harness.Plugin("fixture.greeter").State);
    }

    [Fact]
    public async Task StartAsync_MissingOrCyclicDependencies_RejectsWithReason()
    {
        await using var harness = PluginHostHarness.Create();
        var missing = harness.Copy(Fixtures.GreeterV1, "missing");
        Fixtures.EditManifest(missing, m =>
        {
            m["id"] = "fixture.missing";
            m["dependencies"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "fixture.nowhere", ["version"] = "*" });
        });
        foreach (var (id, other) in new[] { ("fixture.cycle-a", "fixture.cycle-b"), ("fixture.cycle-b", "fixture.cycle-a") })
        {
            var folder = harness.Copy(Fixtures.GreeterV1, id);
            Fixtures.EditManifest(folder, m =>
            {
                m["id"] = id;
                m["dependencies"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = other, ["version"] = "*" });
            });
        }

        await harness.StartAsync();

        Assert.Contains("Dependency 'fixture.nowhere' (*) is not loaded", harness.Plugin("fixture.missing").LastError, StringComparison.Ordinal);
        Assert.Contains("Dependency cycle: fixture.cycle-a → fixture.cycle-b → fixture.cycle-a", harness.Plugin("fixture.cycle-a").LastError, StringComparison.Ordinal);
        Assert.Equal(PluginState.Failed, harness.Plugin("fixture.cycle-b").State);
    }

    [Fact]
    public async Task GetServices_SeveralChannelPlugins_ReturnsOneHandlePerProvider()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV1);
        harness.Copy(Fixtures.Faulty);
        harness.Copy(Fixtures.ThrowingCtor);
        await harness.StartAsync();

        var handles = harness.Provider.GetRequiredService<IPluginServices>().GetServices<IChannelAdapter>();

        Assert.Equal(["fixture.faulty", "fixture.greeter"], handles.Select(h => h.PluginId));
        Assert.Equal("1.0.0", handles[1].ActiveVersion);
        Assert.Equal("greeter", await handles[1].InvokeAsync(static (adapter, _) => new ValueTask<string>(adapter.Channel)));
    }
}
