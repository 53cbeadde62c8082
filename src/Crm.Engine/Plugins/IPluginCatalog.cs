namespace Crm.Engine.Plugins;

/// <summary>
/// Lists the plugins the host knows, for diagnostics, health endpoints and the <c>crm</c> tool.
/// </summary>
public interface IPluginCatalog
{
    /// <summary>Lists every plugin: active, failed (bad manifest, rejected version) and unloaded, ordered by id.</summary>
    /// <returns>A snapshot of each plugin.</returns>
    IReadOnlyList<PluginInfo> GetPlugins();

    /// <summary>Finds one plugin.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <returns>A snapshot of the plugin, or <see langword="null"/> when the host does not know it.</returns>
    PluginInfo? FindPlugin(string pluginId);
}
