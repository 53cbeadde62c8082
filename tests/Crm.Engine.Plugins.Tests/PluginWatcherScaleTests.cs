using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginWatcherScaleTests
{
    [Fact]
    public async Task StartAsync_TwoHundredPluginsWithHotReload_UsesOneWatcherAndStillSeesChanges()
    {
        await using var harness = PluginHostHarness.Create(o => o.UnloadTimeout = TimeSpan.FromSeconds(20));
        for (var i = 0; i < 200; i++)
        {
            var folder = harness.Copy(Fixtures.GreeterV1, $"greeter-{i:000}");
            Fixtures.EditManifest(folder, m => m["id"] = $"fixture.greeter-{i:000}");
        }

        var inotifyBefore = CountInotifyInstances();
        await harness.StartAsync();
        var inotifyAfter = CountInotifyInstances();

        Assert.Equal(200, harness.Host.GetPlugins().Count(p => p.State == PluginState.Active));
        Assert.Equal(1, harness.Host.WatcherCount);
        Assert.False(harness.Host.IsPolling);
        if (OperatingSystem.IsLinux())
        {
            // Linux allows 128 inotify instances per user by default; one watcher per plugin would need 200.
            Assert.InRange(inotifyAfter - inotifyBefore, 0, 1);
        }

        var last = Path.Combine(harness.Root, "greeter-199");
        Deploy.ByAtomicRename(Fixtures.GreeterV2, last);
        Fixtures.EditManifest(last, m => m["id"] = "fixture.greeter-199");
        await harness.WaitForAsync("fixture.greeter-199", p => p.Version == "2.0.0");
        Assert.StartsWith("v=2.0.0", (await PluginHostHarness.SendAsync(harness.Channel("fixture.greeter-199"))).ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal("1.0.0", harness.Plugin("fixture.greeter-000").Version);
    }

    private static int CountInotifyInstances()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var count = 0;
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget == "anon_inode:inotify")
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }

        return count;
    }
}
