using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Crm.Engine.Channels;
using Crm.Engine.Plugins.Tests.Infrastructure;

namespace Crm.Engine.Plugins.Tests;

public sealed class PluginHotReloadTests
{
    private const string Greeter = "fixture.greeter";

    [Fact]
    public async Task HotReload_FiftySwapsUnderConcurrentCallers_NoFailedCallAndEveryOldContextCollected()
    {
        // A per-file deploy that stalls longer than the debounce is loaded half-way, then again when it completes (see
        // HotReload_DeployStallingLongerThanDebounce_LastWrittenVersionServes). 200 ms keeps this test's own deploys,
        // which the loaded CI machine can pause, from being seen half-way, so every answer comes from a whole build.
        await using var harness = PluginHostHarness.Create(o => o.ReloadDebounce = TimeSpan.FromMilliseconds(200));
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();
        var channel = harness.Channel(Greeter);
        var answers = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, 3).Select(caller => Task.Run(async () =>
        {
            var calls = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var result = await PluginHostHarness.SendAsync(channel, key: "c" + caller);
                    var id = result.ProviderMessageId!;
                    answers.AddOrUpdate(id[..id.IndexOf(";greeting", StringComparison.Ordinal)], 1, (_, n) => n + 1);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception.GetType().Name + ": " + exception.Message);
                }

                // Leave the reload work and the garbage collector a core on this 2-core machine.
                if (++calls % 32 == 0)
                {
                    await Task.Delay(1);
                }
            }
        })).ToList();

        for (var swap = 1; swap <= 50; swap++)
        {
            var fixture = swap % 2 == 1 ? Fixtures.GreeterV2 : Fixtures.GreeterV1;
            if (swap % 4 < 2)
            {
                Deploy.ByOverwrite(fixture, folder);
            }
            else
            {
                Deploy.ByAtomicRename(fixture, folder);
            }

            // Wait for the version deployed, not for a count of activations: a deploy may activate twice.
            var version = swap % 2 == 1 ? "2.0.0" : "1.0.0";
            await harness.WaitForAsync(Greeter, p => p.Version == version && p.State == PluginState.Active);
        }

        await harness.WaitUntilIdleAsync();
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        await harness.Host.RetirementsCompleted;

        Assert.Empty(failures);
        // Every answer came from one coherent version: manifest and code of the same build.
        Assert.Equal(["v=1.0.0;asm=1.0.0.0", "v=2.0.0;asm=2.0.0.0"], answers.Keys.Order(StringComparer.Ordinal));
        var info = harness.Plugin(Greeter);
        Assert.Equal("1.0.0", info.Version);
        // The first load plus one per swap (50), plus one for any deploy the machine paused half-way.
        Assert.InRange(info.Activations, 51, 60);
        Assert.Equal(0, info.LeakedContexts);
        Assert.Equal(0, info.Statistics.Failures);
        Assert.Equal(info.Activations - 1, harness.Logs.WithEventId(3004).Count(e => e.Message.EndsWith("collected: True.", StringComparison.Ordinal)));
        Assert.Empty(harness.Logs.WithEventId(3005));
    }

    [Fact]
    public async Task HotReload_DeployStallingLongerThanDebounce_LastWrittenVersionServes()
    {
        // The root cause of a "lost change" once seen in the fifty-swap test: a per-file deploy paused longer than the
        // debounce is loaded half-way (the host cannot tell a paused deploy from a finished one), then again when it
        // completes. The test counted activations, so the extra one made it deploy the next version too early.
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();
        var channel = harness.Channel(Greeter);
        var files = Directory.GetFiles(Fixtures.PathOf(Fixtures.GreeterV2)).OrderBy(f => Path.GetFileName(f) == "plugin.json" ? 0 : 1).ToList();
        var entry = files.Single(f => Path.GetFileName(f) == "Fixture.Greeter.dll");

        // First half: the v2 manifest, not the v2 code; the host loads this intermediate folder once it is quiet.
        var firstHalf = files.Where(f => f != entry).Take(2).ToList();
        foreach (var file in firstHalf)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var halfWay = await harness.WaitForAsync(Greeter, p => p.Activations == 2);
        Assert.Equal("2.0.0", halfWay.Version);
        Assert.StartsWith("v=2.0.0;asm=1.0.0.0", (await PluginHostHarness.SendAsync(channel)).ProviderMessageId, StringComparison.Ordinal);

        // The rest of the deploy: the last written state is what serves.
        foreach (var file in files.Except(firstHalf))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var final = await harness.WaitForAsync(Greeter, p => p.Activations == 3);
        await harness.WaitUntilIdleAsync();
        Assert.Equal("2.0.0", final.Version);
        Assert.Equal(3, harness.Plugin(Greeter).Activations);
        Assert.StartsWith("v=2.0.0;asm=2.0.0.0", (await PluginHostHarness.SendAsync(channel)).ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotReload_Deploy_NewVersionPreparedDuringDebounceThenSwitched()
    {
        // A long debounce, so the preparation (after a 25 ms settle) finishes well inside it even on a loaded machine.
        await using var harness = PluginHostHarness.Create(o => o.ReloadDebounce = TimeSpan.FromSeconds(1));
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync(Greeter, p => p.Version == "2.0.0" && p.State == PluginState.Active);
        await harness.WaitUntilIdleAsync();
        await harness.Host.RetirementsCompleted;

        var prepared = harness.Logs.WithEventId(3009).ToList();
        Assert.StartsWith("Plugin 'fixture.greeter' 2.0.0 prepared during the debounce", prepared[^1].Message, StringComparison.Ordinal);
        // A deploy paused longer than the settle period is prepared half-way too; every preparation but the used one is discarded.
        Assert.Equal(prepared.Count - 1, harness.Logs.WithEventId(3008).Count());
        Assert.Equal(2, harness.Plugin(Greeter).Activations);
        // The upgrade hook ran at the switch, with the state the old version exported then.
        Assert.Equal("v=2.0.0;from=1.0.0;imported=events=0;started=True", (await PluginHostHarness.SendAsync(harness.Channel(Greeter), subject: "state")).ProviderMessageId);
        Assert.Single(harness.Logs.WithEventId(3004), e => e.Message == "Plugin 'fixture.greeter' 1.0.0 unloaded; context collected: True.");
    }

    [Fact]
    public async Task HotReload_ChangeAfterPreparation_PreparedVersionDiscardedAndNeverServes()
    {
        await using var harness = PluginHostHarness.Create(o => o.ReloadDebounce = TimeSpan.FromSeconds(1));
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        // v2 lands and is prepared; before its debounce ends, the operator rolls the folder back to v1.
        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await WaitForLogAsync(harness, 3009, "Plugin 'fixture.greeter' 2.0.0 prepared");
        Deploy.ByAtomicRename(Fixtures.GreeterV1, folder);
        await harness.WaitUntilIdleAsync();
        await harness.Host.RetirementsCompleted;

        var info = harness.Plugin(Greeter);
        Assert.Equal("1.0.0", info.Version);
        Assert.Equal(1, info.Activations);
        Assert.Null(info.LastError);
        Assert.StartsWith("v=1.0.0;asm=1.0.0.0", (await PluginHostHarness.SendAsync(harness.Channel(Greeter))).ProviderMessageId, StringComparison.Ordinal);
        // Every prepared version was unloaded and collected quietly: no reload, rejection or unload of a served version is logged.
        Assert.Equal(harness.Logs.WithEventId(3009).Count(), harness.Logs.WithEventId(3008).Count());
        Assert.Empty(harness.Logs.WithEventId(3002));
        Assert.Empty(harness.Logs.WithEventId(3003));
        Assert.Empty(harness.Logs.WithEventId(3004));
    }

    private static Task<ListLoggerFactory.LogEntry> WaitForLogAsync(PluginHostHarness harness, int eventId, string messageStart) =>
        harness.Logs.WaitForAsync(e => e.EventId == eventId && e.Message.StartsWith(messageStart, StringComparison.Ordinal), PluginHostHarness.DefaultWait);

    [Fact]
    public async Task HotReload_CorruptDllDroppedOverActivePlugin_OldVersionKeepsServing()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();
        var channel = harness.Channel(Greeter);

        var dll = Path.Combine(folder, "Fixture.Greeter.dll");
        var corrupt = File.ReadAllBytes(dll);
        Array.Fill(corrupt, (byte)0x5A, 128, corrupt.Length - 128);
        File.WriteAllBytes(dll, corrupt);
        var rejected = await harness.WaitForAsync(Greeter, p => p.LastError is not null);

        Assert.Equal(PluginState.Active, rejected.State);
        Assert.Equal("1.0.0", rejected.Version);
        Assert.Contains("the entry assembly is not a valid .NET assembly", rejected.LastError, StringComparison.Ordinal);
        Assert.StartsWith("v=1.0.0;asm=1.0.0.0", (await PluginHostHarness.SendAsync(channel)).ProviderMessageId, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.WithEventId(3003), e => e.Message.Contains("version 1.0.0 keeps serving", StringComparison.Ordinal));

        // A good deploy afterwards is picked up.
        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync(Greeter, p => p.Version == "2.0.0");
        Assert.StartsWith("v=2.0.0;asm=2.0.0.0", (await PluginHostHarness.SendAsync(channel)).ProviderMessageId, StringComparison.Ordinal);
        Assert.Null(harness.Plugin(Greeter).LastError);
    }

    [Fact]
    public async Task HotReload_BadManifestOverActivePlugin_OldVersionKeepsServing()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        File.WriteAllText(Path.Combine(folder, "plugin.json"), """{ "id": "fixture.greeter", "version": "3" }""");
        var rejected = await harness.WaitForAsync(Greeter, p => p.LastError is not null);

        Assert.Equal(PluginState.Active, rejected.State);
        Assert.Contains("plugin.json(1,41): $.version", rejected.LastError, StringComparison.Ordinal);
        Assert.True((await PluginHostHarness.SendAsync(harness.Channel(Greeter))).IsDelivered);
    }

    [Fact]
    public async Task HotReload_FolderAddedThenRemoved_LoadsThenDrainsAndUnloads()
    {
        await using var harness = PluginHostHarness.Create();
        await harness.StartAsync();

        // Deploy the whole folder atomically: copy beside the root, then rename it in.
        var staging = Path.Combine(Path.GetDirectoryName(harness.Root)!, "staging");
        Fixtures.CopyFiles(Fixtures.PathOf(Fixtures.GreeterV1), staging);
        Directory.Move(staging, Path.Combine(harness.Root, "greeter"));
        await harness.WaitForAsync(Greeter, p => p.State == PluginState.Active);
        var channel = harness.Channel(Greeter);
        Assert.True((await PluginHostHarness.SendAsync(channel)).IsDelivered);

        var inFlight = PluginHostHarness.SendAsync(channel, headers: new Dictionary<string, string> { ["delayMs"] = "300" }).AsTask();
        Directory.Delete(Path.Combine(harness.Root, "greeter"), recursive: true);
        await harness.WaitForAsync(Greeter, p => p.State == PluginState.Draining || p.State == PluginState.Unloaded);
        var unavailable = await PluginHostHarness.FailureOfAsync(async () => await PluginHostHarness.SendAsync(channel));

        Assert.True((await inFlight).IsDelivered);
        Assert.Equal(PluginCallFailure.Unavailable, unavailable.Failure);
        await harness.WaitForAsync(Greeter, p => p.State == PluginState.Unloaded);
        await harness.Host.RetirementsCompleted;
        Assert.Contains(harness.Logs.WithEventId(3004), e => e.Message == "Plugin 'fixture.greeter' 1.0.0 unloaded; context collected: True.");
    }

    [Fact]
    public async Task HotReload_CallInFlightDuringSwap_FinishesOnOldVersionWhileNewCallsGoToNew()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();
        var channel = harness.Channel(Greeter);

        var slow = PluginHostHarness.SendAsync(channel, key: "slow", headers: new Dictionary<string, string> { ["delayMs"] = "500" }).AsTask();
        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync(Greeter, p => p.Version == "2.0.0");
        var fresh = await PluginHostHarness.SendAsync(channel, key: "fresh");

        Assert.StartsWith("v=2.0.0", fresh.ProviderMessageId, StringComparison.Ordinal);
        Assert.StartsWith("v=1.0.0", (await slow).ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotReload_NewVersion_UpgradeHookGetsPreviousVersionAndExportedState()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        Deploy.ByOverwrite(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync(Greeter, p => p.Version == "2.0.0");
        var state = await PluginHostHarness.SendAsync(harness.Channel(Greeter), "state");

        Assert.Equal("v=2.0.0;from=1.0.0;imported=events=0;started=True", state.ProviderMessageId);
        Assert.Contains(harness.Logs.WithEventId(3002), e => e.Message.StartsWith("Plugin 'fixture.greeter' reloaded from 1.0.0 to 2.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HotReload_PollingMode_SeesChangesWithoutFileEvents()
    {
        await using var harness = PluginHostHarness.Create(o =>
        {
            o.WatchMode = PluginWatchMode.Polling;
            o.PollingInterval = TimeSpan.FromMilliseconds(100);
        });
        var folder = harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.StartAsync();

        Deploy.ByAtomicRename(Fixtures.GreeterV2, folder);
        await harness.WaitForAsync(Greeter, p => p.Version == "2.0.0");

        Assert.True(harness.Host.IsPolling);
        Assert.StartsWith("v=2.0.0", (await PluginHostHarness.SendAsync(harness.Channel(Greeter))).ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotReload_DependencyArrivesLater_WaitingPluginLoads()
    {
        await using var harness = PluginHostHarness.Create();
        var dependent = harness.Copy(Fixtures.GreeterV1, "dependent");
        Fixtures.EditManifest(dependent, m =>
        {
            m["id"] = "fixture.dependent";
            m["dependencies"] = new JsonArray(new JsonObject { ["id"] = Greeter, ["version"] = "^1.0.0" });
        });
        await harness.StartAsync();
        Assert.Equal(PluginState.Failed, harness.Plugin("fixture.dependent").State);

        harness.Copy(Fixtures.GreeterV1, "greeter");
        await harness.WaitForAsync("fixture.dependent", p => p.State == PluginState.Active);

        // Upgrading the dependency beyond the dependent's range is refused; the old version keeps serving.
        Deploy.ByAtomicRename(Fixtures.GreeterV2, Path.Combine(harness.Root, "greeter"));
        var refused = await harness.WaitForAsync(Greeter, p => p.LastError is not null);
        Assert.Equal("1.0.0", refused.Version);
        Assert.Contains("Active plugin 'fixture.dependent' needs 'fixture.greeter' '^1.0.0'; version 2.0.0 would break it.", refused.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotReload_FolderNowHoldsAnotherPlugin_RetiresOldAndLoadsNew()
    {
        await using var harness = PluginHostHarness.Create();
        var folder = harness.Copy(Fixtures.GreeterV1, "channel");
        await harness.StartAsync();

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Delete(file);
        }

        Deploy.ByAtomicRename(Fixtures.Faulty, folder);
        await harness.WaitForAsync("fixture.faulty", p => p.State == PluginState.Active);
        await harness.WaitForAsync(Greeter, p => p.State == PluginState.Unloaded);

        Assert.Equal("faulty-ok", (await PluginHostHarness.SendAsync(harness.Channel("fixture.faulty"))).ProviderMessageId);
    }
}
