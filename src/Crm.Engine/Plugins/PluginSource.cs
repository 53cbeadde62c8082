namespace Crm.Engine.Plugins;

/// <summary>
/// Says how a plugin came into the engine.
/// </summary>
public enum PluginSource
{
    /// <summary>Referenced as a package and registered in code with <c>AddPlugin&lt;T&gt;()</c>; not hot-reloadable.</summary>
    Code = 0,

    /// <summary>Loaded from a plugin folder into its own context; hot-reloadable.</summary>
    Folder = 1,
}
