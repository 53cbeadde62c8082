namespace Crm.Engine.Plugins;

/// <summary>
/// Says how the host notices changes in plugin folders.
/// </summary>
public enum PluginWatchMode
{
    /// <summary>One file-system watcher per plugin root; falls back to polling when the watcher fails (for example when the OS runs out of inotify instances).</summary>
    Auto = 0,

    /// <summary>Scan the plugin roots every <see cref="PluginHostOptions.PollingInterval"/>; for network shares and containers without file events.</summary>
    Polling = 1,
}
