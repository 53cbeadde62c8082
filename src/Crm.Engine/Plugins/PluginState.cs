namespace Crm.Engine.Plugins;

/// <summary>
/// Says where a plugin is in its lifecycle.
/// </summary>
public enum PluginState
{
    /// <summary>The first version is being validated, loaded and started; calls are not served yet.</summary>
    Loading = 0,

    /// <summary>A version is serving calls. A reload in progress or rejected leaves the plugin active.</summary>
    Active = 1,

    /// <summary>The plugin is being removed: new calls are refused while in-flight calls finish.</summary>
    Draining = 2,

    /// <summary>No version could be loaded; <see cref="PluginInfo.LastError"/> says why.</summary>
    Failed = 3,

    /// <summary>The plugin was removed and its context unloaded.</summary>
    Unloaded = 4,
}
