using BenchmarkDotNet.Attributes;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>
/// Per-call cost of the plugin guard (route to active version, in-flight count, concurrency limit, circuit breaker,
/// timeout, statistics) against calling the same adapter directly through its interface.
/// </summary>
[MemoryDiagnoser]
public class PluginGuardBenchmark
{
    private ServiceProvider _provider = null!;
    private PluginHost _host = null!;
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The baseline is an interface call, as engine code makes it.")]
    private IChannelAdapter _direct = null!;
    private PluginService<IChannelAdapter> _guarded = null!;
    private OutboundMessage _message = null!;
    private string _root = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = PluginBenchmarkFixtures.NewTempDirectory();
        (_provider, _host) = PluginBenchmarkFixtures.StartHost(Path.Combine(_root, "plugins"), hotReload: false, b => b.AddPlugin<BenchChannelPlugin>());
        _guarded = _host.GetService<IChannelAdapter>("crm.engine.benchmarks");
        _direct = new BenchChannelAdapter();
        _message = PluginBenchmarkFixtures.Message;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public ValueTask<DeliveryResult> DirectInterfaceCall() => _direct.SendAsync(_message, CancellationToken.None);

    [Benchmark]
    public ValueTask<DeliveryResult> GuardedCall() =>
        _guarded.InvokeAsync(_message, static (adapter, message, token) => adapter.SendAsync(message, token));
}
