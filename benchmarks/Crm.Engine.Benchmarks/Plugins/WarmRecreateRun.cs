using System.Diagnostics;
using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>
/// Warm re-creation against a bare collectible context under the same conditions, outside BenchmarkDotNet: each round
/// re-creates the plugin through the host (and awaits the old version's retirement, collection proof included), then
/// loads and calls the plugin in a bare context and proves that context collected the same way. Both are therefore
/// measured right after a collection proof, which the BenchmarkDotNet baseline is not. Prints the medians of the last
/// three quarters of the rounds, and what the runtime's JIT compiler did on the measuring thread per round (methods and
/// time, <see cref="System.Runtime.JitInfo"/>): code in a collectible context is always JIT-compiled, since ReadyToRun
/// code is not used there. Run: <c>dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- plugin-recreate [rounds]</c>.
/// </summary>
internal static class WarmRecreateRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var root = PluginBenchmarkFixtures.NewTempDirectory();
        var folder = Path.Combine(root, "plugins", "minimal");
        PluginBenchmarkFixtures.CopyFiles(PluginBenchmarkFixtures.Minimal, folder);
        var (provider, host) = PluginBenchmarkFixtures.StartHost(Path.Combine(root, "plugins"), hotReload: false);
        var image = File.ReadAllBytes(Path.Combine(folder, "Fixture.Minimal.dll"));
        var symbols = File.ReadAllBytes(Path.Combine(folder, "Fixture.Minimal.pdb"));
        var hostTimes = new List<double>();
        var bareTimes = new List<double>();
        var hostJit = new JitTally();
        var bareJit = new JitTally();
        for (var i = 0; i < rounds; i++)
        {
            if (i == rounds / 4)
            {
                // The first quarter warms up (tiering, caches).
                hostTimes.Clear();
                bareTimes.Clear();
                hostJit = new JitTally();
                bareJit = new JitTally();
            }

            File.WriteAllText(Path.Combine(folder, "deploy-stamp.txt"), i.ToString(CultureInfo.InvariantCulture));
            var jit = JitTally.Now();
            var started = Stopwatch.GetTimestamp();
            await host.ReloadFolderAsync(folder, CancellationToken.None);
            await host.GetService<IChannelAdapter>("fixture.minimal").InvokeAsync(PluginBenchmarkFixtures.Message, static (adapter, message, token) => adapter.SendAsync(message, token));
            hostTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            hostJit.AddSince(jit);
            await host.RetirementsCompleted;

            jit = JitTally.Now();
            started = Stopwatch.GetTimestamp();
            var bare = await LoadBareAsync(image, symbols);
            bareTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            bareJit.AddSince(jit);
            await PluginUnloader.WaitForCollectionAsync(bare, TimeSpan.FromSeconds(10));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host {Median(hostTimes):F3} ms bare {Median(bareTimes):F3} ms (medians of {hostTimes.Count} rounds); JIT per round on the measuring thread: host {hostJit.Describe(hostTimes.Count)}, bare {bareJit.Describe(bareTimes.Count)}; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        await host.StopAsync(CancellationToken.None);
        await provider.DisposeAsync();
        Directory.Delete(root, recursive: true);
        return 0;
    }

    /// <summary>Methods the JIT compiler compiled on this thread, and the time it took, summed over rounds.</summary>
    private sealed class JitTally
    {
        private long _methods;
        private TimeSpan _time;

        public static (long Methods, TimeSpan Time) Now() =>
            (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true), System.Runtime.JitInfo.GetCompilationTime(currentThread: true));

        public void AddSince((long Methods, TimeSpan Time) start)
        {
            var (methods, time) = Now();
            _methods += methods - start.Methods;
            _time += time - start.Time;
        }

        public string Describe(int rounds) => string.Create(CultureInfo.InvariantCulture, $"{_methods / (double)rounds:F1} methods in {_time.TotalMilliseconds / rounds:F3} ms");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<WeakReference> LoadBareAsync(byte[] image, byte[] symbols)
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext("bare", isCollectible: true);
        using (var imageStream = new MemoryStream(image, writable: false))
        using (var symbolStream = new MemoryStream(symbols, writable: false))
        {
            var assembly = context.LoadFromStream(imageStream, symbolStream);
            var plugin = (ICrmPlugin)Activator.CreateInstance(assembly.GetType("Fixture.Minimal.MinimalPlugin")!)!;
            var services = new ServiceCollection();
            plugin.ConfigureServices(services, new PluginContext("fixture.minimal", "1.0.0", default, []));
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IChannelAdapter>().SendAsync(PluginBenchmarkFixtures.Message, CancellationToken.None);
        }

        context.Unload();
        return new WeakReference(context);
    }
}
