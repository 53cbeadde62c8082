using System.Text;
using Crm.Engine.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Engine.Plugins;

/// <summary>
/// Runs the host's own load and call paths once, on made-up inputs, when the host starts: manifest and settings
/// validation (NJsonSchema), fingerprinting, a validated service provider, a guard pipeline and one guarded call.
/// In a fresh process these cost well over 100 ms of JIT compilation; paying it in the background at start-up keeps
/// the first plugin an operator drops in close to the cost of a bare load context. Last, a private host loads,
/// calls, reloads and stops a throwaway folder plugin (a copy of this assembly), so the folder path a real plugin takes
/// (snapshot, requirement checks, settings, activation, swap, retirement) and the generic instantiations it uses are
/// compiled too, not only the pieces the code-plugin path shares with it.
/// </summary>
internal static class PluginHostWarmUp
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("""
        {
          "id": "crm.warm-up",
          "version": "1.0.0",
          "kinds": [ "channel" ],
          "entry": { "assembly": "WarmUp.dll", "type": "WarmUp.Plugin" },
          "engine": ">=0.0.0 || *",
          "dependencies": [ { "id": "crm.other", "version": "^1.0.0" } ],
          "capabilities": [ "network" ],
          "settings": { "type": "object", "properties": { "name": { "type": "string" } } }
        }
        """);

    public static async Task RunAsync(PluginHostRuntime runtime)
    {
        await PluginManifestReader.WarmUpAsync().ConfigureAwait(false);
        var manifest = await PluginManifestReader.ReadAsync(Manifest, "warm-up").ConfigureAwait(false);
        var settings = PluginSettingsValidator.Validate(manifest, null, "warm-up");
        WarmUpFolderHandling();

        // A throwaway code plugin through the real activation, call, reload and retirement paths, with the real
        // contract types, so the generic code the JIT produces here is the code real plugins use.
        var quietRuntime = runtime with { Logger = NullLogger.Instance };
        var unloader = new PluginUnloader(quietRuntime);
        var hostServices = new ServiceCollection().BuildServiceProvider();
        await using var disposeHostServices = hostServices.ConfigureAwait(false);
        var activator = new PluginActivator(quietRuntime, hostServices, NullLoggerFactory.Instance, unloader, static _ => { }, Path.GetTempPath());
        var slot = new PluginSlot(manifest.Id, PluginSource.Code, "warm-up", quietRuntime);
        var handle = slot.GetHandle<IChannelAdapter>();
        var request = new PluginLoadRequest(manifest, null, new CodePluginRegistration<WarmUpPlugin>(), settings);
        var first = await activator.ActivateAsync(slot, request, null, CancellationToken.None).ConfigureAwait(false);
        slot.Swap(first);
        _ = await handle.InvokeAsync(Message, static (adapter, message, token) => adapter.SendAsync(message, token)).ConfigureAwait(false);
        var second = await activator.ActivateAsync(slot, request, first, CancellationToken.None).ConfigureAwait(false);
        slot.Swap(second);
        _ = slot.ToInfo();
        await unloader.RetireAsync(first, started: true).ConfigureAwait(false);
        slot.Swap(null);
        await unloader.RetireAsync(second, started: true).ConfigureAwait(false);
        await WarmUpFolderPathAsync(runtime).ConfigureAwait(false);
    }

    /// <summary>Runs a private host over a throwaway plugin folder whose entry assembly is a copy of this assembly.</summary>
    private static async Task WarmUpFolderPathAsync(PluginHostRuntime runtime)
    {
        var engineAssembly = typeof(PluginHostWarmUp).Assembly.Location;
        if (engineAssembly.Length == 0)
        {
            // Single-file or in-memory host: there is no file to copy; the first real load pays the compilation.
            return;
        }

        var root = Path.Combine(Path.GetTempPath(), "crm-engine-plugins", "warm-up-host-" + Guid.NewGuid().ToString("N"));
        try
        {
            var plugins = Path.Combine(root, "plugins");
            var folder = Path.Combine(plugins, "warm-up");
            Directory.CreateDirectory(plugins);
            var options = new PluginHostOptions { EnableHotReload = false, ShadowCopyDirectory = Path.Combine(root, "shadow") };
            options.Directories.Add(plugins);
            var hostServices = new ServiceCollection().BuildServiceProvider();
            await using var disposeHostServices = hostServices.ConfigureAwait(false);
            var host = PluginHost.CreateForWarmUp(options, hostServices, runtime.TimeProvider);
            await using var disposeHost = host.ConfigureAwait(false);
            await host.StartAsync(CancellationToken.None).ConfigureAwait(false);

            // First load through the change path (as a folder dropped into a running engine), first call, a reload
            // (upgrade hooks, swap, retirement), another call, then the host's stop.
            Directory.CreateDirectory(folder);
            File.Copy(engineAssembly, Path.Combine(folder, Path.GetFileName(engineAssembly)));
            File.WriteAllBytes(Path.Combine(folder, PluginManifestReader.FileName), FolderManifest(Path.GetFileName(engineAssembly)));
            await host.ReloadFolderAsync(folder, CancellationToken.None).ConfigureAwait(false);
            var handle = host.GetService<IChannelAdapter>(FolderPluginId);
            _ = await handle.InvokeAsync(Message, static (adapter, message, token) => adapter.SendAsync(message, token)).ConfigureAwait(false);
            File.WriteAllText(Path.Combine(folder, "warm-up.txt"), "2");
            await host.ReloadFolderAsync(folder, CancellationToken.None).ConfigureAwait(false);
            _ = await handle.InvokeAsync(Message, static (adapter, message, token) => adapter.SendAsync(message, token)).ConfigureAwait(false);
            _ = host.GetPlugins();
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            PluginUnloader.DeleteShadowCopy(root);
        }
    }

    private const string FolderPluginId = "crm.warm-up-folder";

    private static byte[] FolderManifest(string entryAssembly) => Encoding.UTF8.GetBytes($$"""
        {
          "id": "{{FolderPluginId}}",
          "version": "1.0.0",
          "kinds": [ "channel" ],
          "entry": { "assembly": "{{entryAssembly}}", "type": "{{typeof(WarmUpPlugin).FullName}}" },
          "engine": "*",
          "capabilities": [ "network" ],
          "settings": { "type": "object", "properties": { "name": { "type": "string" } } }
        }
        """);

    /// <summary>Snapshots and shadow-copies a throwaway folder and builds a dependency resolver (which loads the host policy library).</summary>
    private static void WarmUpFolderHandling()
    {
        var folder = Path.Combine(Path.GetTempPath(), "crm-engine-plugins", "warm-up-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, PluginManifestReader.FileName), Manifest);
            var snapshot = PluginSnapshot.Take(folder);
            snapshot.WriteTo(Path.Combine(folder, "shadow"));
            _ = snapshot.TryGetFile(PluginManifestReader.FileName);
            var engineAssembly = typeof(PluginHostWarmUp).Assembly.Location;
            if (engineAssembly.Length > 0)
            {
                // The first collectible context of a process, its resolver and an in-memory load cost several
                // milliseconds each: load a private copy of this assembly once and unload it.
                var shadowCopy = Path.Combine(folder, Path.GetFileName(engineAssembly));
                File.Copy(engineAssembly, shadowCopy);
                var context = new PluginLoadContext("crm.warm-up", "1.0.0", folder, shadowCopy, SharedAssemblies.Instance);
                _ = context.EnsureResolver();
                _ = context.LoadEntryAssembly(File.ReadAllBytes(shadowCopy), null).GetType(typeof(PluginHostWarmUp).FullName!, throwOnError: false);
                context.Unload();
            }
        }
        finally
        {
            PluginUnloader.DeleteShadowCopy(folder);
        }
    }

    private static readonly OutboundMessage Message = new() { TenantId = "warm-up", Recipient = "warm-up", TextBody = "warm-up", IdempotencyKey = "warm-up" };

    private sealed class WarmUpPlugin : ICrmPlugin
    {
        public void ConfigureServices(IServiceCollection services, PluginContext context)
        {
            services.AddSingleton<IChannelAdapter, WarmUpAdapter>();
            services.AddSingleton<IPluginHealthCheck, WarmUpHealthCheck>();
        }
    }

    private sealed class WarmUpAdapter : IChannelAdapter
    {
        private static readonly DeliveryResult Delivered = DeliveryResult.Delivered("warm-up");

        public string Channel => "warm-up";

        public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => new(Delivered);
    }

    private sealed class WarmUpHealthCheck : IPluginHealthCheck
    {
        public ValueTask<PluginHealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken) => new(PluginHealthCheckResult.Healthy);
    }
}
