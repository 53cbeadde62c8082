using System.Reflection;
using System.Text.Json;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Testing;

/// <summary>
/// The engine's plugin host, built as an application builds it, running one plugin registered in code or loaded from a
/// copy of its build output in a temporary plugin folder. Disposing stops the host and reports any plugin context
/// that was not collected after unloading.
/// </summary>
internal sealed class PluginHostRunner : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string? _root;

    private PluginHostRunner(ServiceProvider provider, ListLoggerFactory logs, string? root)
    {
        _provider = provider;
        _root = root;
        Logs = logs;
    }

    public IPluginServices Plugins => _provider.GetRequiredService<IPluginServices>();

    public IPluginCatalog Catalog => _provider.GetRequiredService<IPluginCatalog>();

    public ListLoggerFactory Logs { get; }

    /// <summary>Gets the build output of the plugin under test, as the test project's metadata names it.</summary>
    public static string PluginBuildOutput { get; } = typeof(PluginHostRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PluginBuildOutput").Value!;

    public static Task<PluginHostRunner> StartInCodeAsync<TPlugin>(string pluginId, string settings)
        where TPlugin : class, ICrmPlugin, new() =>
        StartAsync(pluginId, settings, null, builder => builder.AddPlugin<TPlugin>());

    /// <summary>Copies the plugin's build output into a temporary plugin root and loads it from there, in its own context.</summary>
    public static Task<PluginHostRunner> StartFromFolderAsync(string pluginId, string settings)
    {
        var root = Path.Combine(Path.GetTempPath(), "crm-channel-tests-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(root, "plugins", pluginId);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(PluginBuildOutput))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return StartAsync(pluginId, settings, root, builder => builder.AddPluginsFromDirectory(Path.Combine(root, "plugins"), o =>
        {
            o.EnableHotReload = false;
            o.ShadowCopyDirectory = Path.Combine(root, "shadow");
        }));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var component in _provider.GetServices<ICrmEngineComponent>())
            {
                await component.StopAsync(CancellationToken.None);
            }

            var leaks = Logs.Lines.Where(l => l.Contains(" 3005 ", StringComparison.Ordinal)).ToList();
            if (leaks.Count > 0)
            {
                throw new InvalidOperationException("An unloaded plugin context was not collected: " + string.Join(" | ", leaks));
            }
        }
        finally
        {
            await _provider.DisposeAsync();
            if (_root is not null)
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    private static async Task<PluginHostRunner> StartAsync(string pluginId, string settings, string? root, Action<ICrmEngineBuilder> register)
    {
        var logs = new ListLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        register(new TestEngineBuilder(services));
        services.Configure<PluginHostOptions>(o => o.Settings[pluginId] = JsonDocument.Parse(settings).RootElement.Clone());
        var runner = new PluginHostRunner(services.BuildServiceProvider(), logs, root);
        foreach (var component in runner._provider.GetServices<ICrmEngineComponent>())
        {
            await component.StartAsync(CancellationToken.None);
        }

        return runner;
    }
}
