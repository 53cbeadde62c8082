namespace Crm.Engine.Plugins;

/// <summary>
/// Says where an assembly a plugin uses was resolved from.
/// </summary>
public enum PluginAssemblyOrigin
{
    /// <summary>Shared with the host: the contracts on the host's allow-list and the framework.</summary>
    Host = 0,

    /// <summary>Loaded from the plugin's own folder into its isolated context.</summary>
    Plugin = 1,
}
