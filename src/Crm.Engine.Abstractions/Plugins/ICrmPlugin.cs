using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Plugins;

/// <summary>
/// Is the entry point of a plugin: registers what the plugin provides (channel adapters, a storage provider, loyalty
/// rules, workflow actions, event handlers) into the plugin's own service collection, and takes part in the plugin's
/// lifecycle.
/// </summary>
/// <remarks>
/// <para>
/// The host creates the entry type with its public parameterless constructor, calls
/// <see cref="ConfigureServices"/> once, builds the plugin's own service provider, then calls
/// <see cref="UpgradeAsync"/> (when it replaces an earlier version), <see cref="StartAsync"/> and, before unloading,
/// <see cref="StopAsync"/>. Every hook runs under a timeout; a hook that throws or overruns rejects the version.
/// </para>
/// <para>
/// The plugin's service collection already holds the host services it is granted: <c>ILoggerFactory</c> and
/// <c>ILogger&lt;T&gt;</c>, <see cref="TimeProvider"/>, its <see cref="PluginContext"/>, and, when the manifest asks
/// for the matching capability, the engine's event bus. It sees nothing else of the host.
/// </para>
/// <para>
/// The same type works referenced as a package and registered in code (<c>AddPlugin&lt;T&gt;()</c>) and loaded from a
/// plugin folder. Keep no static state that refers to host objects: it would keep the plugin from unloading.
/// </para>
/// </remarks>
public interface ICrmPlugin
{
    /// <summary>Registers the services the plugin provides into its own collection.</summary>
    /// <param name="services">The plugin's service collection, holding the granted host services.</param>
    /// <param name="context">The plugin's id, version, validated settings and granted capabilities.</param>
    void ConfigureServices(IServiceCollection services, PluginContext context);

    /// <summary>Starts background work, opens connections, warms caches. Called before any call reaches the plugin.</summary>
    /// <param name="services">The plugin's service provider.</param>
    /// <param name="cancellationToken">Cancelled when the start timeout expires or the host stops.</param>
    /// <returns>A task that completes when the plugin is ready to serve.</returns>
    Task StartAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops background work after in-flight calls have drained; called before the plugin is unloaded or replaced.
    /// </summary>
    /// <param name="services">The plugin's service provider.</param>
    /// <param name="cancellationToken">Cancelled when the stop timeout expires: abandon what cannot finish now.</param>
    /// <returns>A task that completes when the plugin has stopped.</returns>
    Task StopAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Takes over from the previous version during a hot reload, before <see cref="StartAsync"/>: migrate settings or
    /// data, or import the state the previous version exported.
    /// </summary>
    /// <param name="upgrade">The version being replaced and the state it exported.</param>
    /// <param name="services">The new version's service provider.</param>
    /// <param name="cancellationToken">Cancelled when the upgrade timeout expires.</param>
    /// <returns>A task that completes when the upgrade is done; throwing rejects the new version.</returns>
    Task UpgradeAsync(PluginUpgradeContext upgrade, IServiceProvider services, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>
    /// Exports in-memory state to hand to the next version during a hot reload, while this version still serves.
    /// </summary>
    /// <param name="services">This version's service provider.</param>
    /// <param name="cancellationToken">Cancelled when the upgrade timeout expires.</param>
    /// <returns>
    /// Serialized state (bytes cross the isolation boundary; objects would not), or empty for none. State changed after
    /// the export is not carried over: keep what must not be lost in storage.
    /// </returns>
    ValueTask<ReadOnlyMemory<byte>> ExportStateAsync(IServiceProvider services, CancellationToken cancellationToken)
        => default;
}
