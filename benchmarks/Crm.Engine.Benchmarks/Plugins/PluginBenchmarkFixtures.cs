using System.Reflection;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>Finds the fixture plugins and builds plugin hosts for the plugin benchmarks.</summary>
internal static class PluginBenchmarkFixtures
{
    public static string Directory { get; } = typeof(PluginBenchmarkFixtures).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FixturesDirectory").Value!;

    public static string GreeterV1 => Path.Combine(Directory, "Fixture.Greeter.V1");

    public static string GreeterV2 => Path.Combine(Directory, "Fixture.Greeter.V2");

    /// <summary>Gets the smallest useful channel plugin, for the load benchmarks.</summary>
    public static string Minimal => Path.Combine(Directory, "Fixture.Minimal");

    public static OutboundMessage Message { get; } = new()
    {
        TenantId = "t1",
        Recipient = "+15550100",
        TextBody = "hello",
        IdempotencyKey = "k1",
    };

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "crm-plugin-bench", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void CopyFiles(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Builds and starts a plugin host the way an application does.</summary>
    public static (ServiceProvider Provider, PluginHost Host) StartHost(string root, bool hotReload, Action<ICrmEngineBuilder>? build = null, TimeSpan? debounce = null)
    {
        var services = new ServiceCollection();
        var builder = new BenchmarkEngineBuilder(services);
        builder.AddPluginsFromDirectory(root, o =>
        {
            o.EnableHotReload = hotReload;
            o.ReloadDebounce = debounce ?? TimeSpan.FromMilliseconds(50);
            o.ShadowCopyDirectory = Path.Combine(Path.GetDirectoryName(root)!, "shadow");
        });
        build?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<PluginHost>();
        host.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        // As in a running engine: the host warmed its load and call paths in the background after it started.
        host.WarmUpCompleted.GetAwaiter().GetResult();
        return (provider, host);
    }

    private sealed class BenchmarkEngineBuilder(IServiceCollection services) : ICrmEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
