using BenchmarkDotNet.Attributes;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>
/// Warm re-creation: in a process that has loaded the plugin before, build it again beside the active copy
/// (snapshot, manifest, new context, construct, services, start, health check), switch to it and make the first call.
/// The old version's retirement (drain, unload, collection proof) is awaited outside the measurement. The baseline is
/// a bare collectible context loading the plugin from memory and calling it.
/// </summary>
[MemoryDiagnoser]
public class PluginWarmRecreateBenchmark
{
    private ServiceProvider _provider = null!;
    private PluginHost _host = null!;
    private string _root = null!;
    private string _folder = null!;
    private byte[] _image = null!;
    private int _deployments;

    [GlobalSetup]
    public void Setup()
    {
        _root = PluginBenchmarkFixtures.NewTempDirectory();
        var plugins = Path.Combine(_root, "plugins");
        _folder = Path.Combine(plugins, "minimal");
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.Minimal, _folder);
        (_provider, _host) = PluginBenchmarkFixtures.StartHost(plugins, hotReload: false);
        _image = File.ReadAllBytes(Path.Combine(_folder, "Fixture.Minimal.dll"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [IterationSetup(Target = nameof(PluginHostRecreateAndFirstCall))]
    public void Redeploy()
    {
        // Same plugin, changed folder content: the host re-creates it from scratch in a new context.
        File.WriteAllText(Path.Combine(_folder, "deploy-stamp.txt"), (++_deployments).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [IterationCleanup(Target = nameof(PluginHostRecreateAndFirstCall))]
    public void AwaitRetirement() => _host.RetirementsCompleted.GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async Task<DeliveryResult> BareCollectibleContext()
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext("bare", isCollectible: true);
        using var image = new MemoryStream(_image, writable: false);
        var assembly = context.LoadFromStream(image);
        var plugin = (ICrmPlugin)Activator.CreateInstance(assembly.GetType("Fixture.Minimal.MinimalPlugin")!)!;
        var services = new ServiceCollection();
        plugin.ConfigureServices(services, new PluginContext("fixture.minimal", "1.0.0", default, []));
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<IChannelAdapter>().SendAsync(PluginBenchmarkFixtures.Message, CancellationToken.None);
        context.Unload();
        return result;
    }

    [Benchmark]
    public async Task<DeliveryResult> PluginHostRecreateAndFirstCall()
    {
        await _host.ReloadFolderAsync(_folder, CancellationToken.None);
        return await _host.GetService<IChannelAdapter>("fixture.minimal")
            .InvokeAsync(PluginBenchmarkFixtures.Message, static (adapter, message, token) => adapter.SendAsync(message, token));
    }
}
