using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>
/// Cold load and first call of a small plugin (one channel adapter, no settings): every launch is a fresh process and the one measured invocation is the
/// first time the process loads a plugin. The host is already started (as in a running engine, where start-up also
/// loaded the manifest schema); the baseline is a bare collectible context loading the same plugin and calling it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1, invocationCount: 1, id: "ColdStart")]
public class PluginColdLoadBenchmark
{
    private ServiceProvider _provider = null!;
    private PluginHost _host = null!;
    private string _root = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = PluginBenchmarkFixtures.NewTempDirectory();
        var plugins = Path.Combine(_root, "plugins");
        (_provider, _host) = PluginBenchmarkFixtures.StartHost(plugins, hotReload: false);
        _folder = Path.Combine(plugins, "minimal");
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.Minimal, _folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<DeliveryResult> BareCollectibleContext()
    {
        var context = new AssemblyLoadContext("bare", isCollectible: true);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(_folder, "Fixture.Minimal.dll"));
        var plugin = (ICrmPlugin)Activator.CreateInstance(assembly.GetType("Fixture.Minimal.MinimalPlugin")!)!;
        var services = new ServiceCollection();
        plugin.ConfigureServices(services, new PluginContext("fixture.minimal", "1.0.0", default, []));
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<IChannelAdapter>().SendAsync(PluginBenchmarkFixtures.Message, CancellationToken.None);
        context.Unload();
        return result;
    }

    [Benchmark]
    public async Task<DeliveryResult> PluginHostLoadAndFirstCall()
    {
        await _host.ReloadFolderAsync(_folder, CancellationToken.None);
        return await _host.GetService<IChannelAdapter>("fixture.minimal")
            .InvokeAsync(PluginBenchmarkFixtures.Message, static (adapter, message, token) => adapter.SendAsync(message, token));
    }
}
