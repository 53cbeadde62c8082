using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>
/// Hot-reload latency: from the first write of a new version's files into a watched plugin folder (each file written
/// beside and renamed over, as deploy tools do) to the new version serving calls, over 20 reloads, with a 50 ms
/// debounce. The baseline is the debounce itself, so the difference to it is the host's share against the
/// "debounce + 10 ms" goal; <see cref="CopyFilesThenDebounce"/> does the same file work into an unwatched folder and
/// then waits the debounce, so the difference to it is the host's share without the deploy's own writes (which a
/// loaded machine stretches to several milliseconds).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 20, invocationCount: 1, id: "Reload20")]
public class PluginHotReloadLatencyBenchmark
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);
    private ServiceProvider _provider = null!;
    private PluginHost _host = null!;
    private string _root = null!;
    private string _folder = null!;
    private string _stagingV1 = null!;
    private string _stagingV2 = null!;
    private string _unwatched = null!;
    private bool _nextIsV2;
    private bool _nextCopyIsV2;

    [GlobalSetup]
    public void Setup()
    {
        _root = PluginBenchmarkFixtures.NewTempDirectory();
        var plugins = Path.Combine(_root, "plugins");
        _folder = Path.Combine(plugins, "greeter");
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.GreeterV1, _folder);
        _stagingV1 = Path.Combine(_root, "staging-v1");
        _stagingV2 = Path.Combine(_root, "staging-v2");
        _unwatched = Path.Combine(_root, "unwatched");
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.GreeterV1, _unwatched);
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.GreeterV1, _stagingV1);
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.GreeterV2, _stagingV2);
        (_provider, _host) = PluginBenchmarkFixtures.StartHost(plugins, hotReload: true, debounce: Debounce);
        _nextIsV2 = true;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [IterationCleanup(Target = nameof(FileWriteToNewVersionServing))]
    public void AwaitRetirement()
    {
        // Late file events of this deploy are processed (and found unchanged) before the next one starts.
        _host.WhenIdleAsync().GetAwaiter().GetResult();
        _host.RetirementsCompleted.GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs instance methods.")]
    public Task DebounceOnly() => Task.Delay(Debounce);

    [Benchmark]
    public Task CopyFilesThenDebounce()
    {
        var staging = _nextCopyIsV2 ? _stagingV2 : _stagingV1;
        _nextCopyIsV2 = !_nextCopyIsV2;
        Deploy(staging, _unwatched);
        return Task.Delay(Debounce);
    }

    [Benchmark]
    public async Task FileWriteToNewVersionServing()
    {
        var target = _nextIsV2 ? "2.0.0" : "1.0.0";
        var staging = _nextIsV2 ? _stagingV2 : _stagingV1;
        _nextIsV2 = !_nextIsV2;
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(PluginInfo info)
        {
            if (info.Version == target && info.State == PluginState.Active)
            {
                serving.TrySetResult();
            }
        }

        _host.PluginChanged += OnChanged;
        try
        {
            Deploy(staging, _folder);
            await serving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.PluginChanged -= OnChanged;
        }
    }

    /// <summary>The deploy tools' atomic pattern: write beside, rename over.</summary>
    private static void Deploy(string staging, string folder)
    {
        foreach (var file in Directory.EnumerateFiles(staging))
        {
            var destination = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, destination + ".tmp", overwrite: true);
            File.Move(destination + ".tmp", destination, overwrite: true);
        }
    }
}
