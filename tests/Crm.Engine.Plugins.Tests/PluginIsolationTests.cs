using System.Runtime.Loader;
using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginIsolationTests
{
    [Fact]
    public async Task StartAsync_TwoPluginsWithDifferentVersionsOfOneLibrary_EachUsesItsOwn()
    {
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.HumanizerOld);
        harness.Copy(Fixtures.HumanizerNew);

        await harness.StartAsync();
        var old = await PluginHostHarness.SendAsync(harness.Channel("fixture.humanizer-old"));
        var @new = await PluginHostHarness.SendAsync(harness.Channel("fixture.humanizer-new"));

        Assert.Equal("2.8.0.0|PluginHost", old.ProviderMessageId);
        Assert.Equal("2.14.0.0|PluginHost", @new.ProviderMessageId);
        Assert.Contains(harness.Plugin("fixture.humanizer-old").Assemblies, a => a is { Name: "Humanizer", Origin: PluginAssemblyOrigin.Plugin } && a.Version == new Version(2, 8, 0, 0));
        Assert.Contains(harness.Plugin("fixture.humanizer-new").Assemblies, a => a is { Name: "Humanizer", Origin: PluginAssemblyOrigin.Plugin } && a.Version == new Version(2, 14, 0, 0));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Humanizer");
    }

    [Fact]
    public async Task StartAsync_HostHasAnotherVersionOfPluginAssembly_PluginGetsItsOwnCopy()
    {
        // The test assembly references Fixture.Greeter 1.0.0 (for AddPlugin tests), so the host's default context
        // can resolve that name: the plugin must still get the 2.0.0 from its own folder.
        await using var harness = PluginHostHarness.Create();
        harness.Copy(Fixtures.GreeterV2);

        await harness.StartAsync();
        var result = await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"));

        Assert.StartsWith("v=2.0.0;asm=2.0.0.0;", result.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal(new Version(1, 0, 0, 0), typeof(Fixture.Greeter.GreeterPlugin).Assembly.GetName().Version);
    }

    [Fact]
    public async Task StartAsync_FolderPlugin_LoadsFromMemoryLeavingFilesUnlocked()
    {
        await using var harness = PluginHostHarness.Create(o => o.EnableHotReload = false);
        var folder = harness.Copy(Fixtures.GreeterV1);
        await harness.StartAsync();

        var location = await harness.Channel("fixture.greeter").InvokeAsync(static (adapter, _) => new ValueTask<string>(adapter.GetType().Assembly.Location));
        File.Delete(Path.Combine(folder, "Fixture.Greeter.dll"));
        Directory.Delete(folder, recursive: true);

        Assert.Equal("", location);
        Assert.True((await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter"))).IsDelivered);
    }
}
