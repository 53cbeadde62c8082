using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins;

/// <summary>
/// The plugin host's log events. Ids are stable (3000–3099 belong to the plugin host); messages carry plugin ids,
/// versions and paths, never personal data.
/// </summary>
internal static partial class PluginLog
{
    [LoggerMessage(3000, LogLevel.Information, "Plugin host started with {PluginCount} active plugin(s) from {RootCount} folder(s); hot reload {HotReload}.")]
    public static partial void HostStarted(ILogger logger, int pluginCount, int rootCount, bool hotReload);

    [LoggerMessage(3001, LogLevel.Information, "Plugin '{PluginId}' {Version} loaded from {Source} in {ElapsedMs:0.0} ms.")]
    public static partial void PluginLoaded(ILogger logger, string pluginId, string version, PluginSource source, double elapsedMs);

    [LoggerMessage(3002, LogLevel.Information, "Plugin '{PluginId}' reloaded from {OldVersion} to {NewVersion} in {ElapsedMs:0.0} ms.")]
    public static partial void PluginReloaded(ILogger logger, string pluginId, string oldVersion, string newVersion, double elapsedMs);

    [LoggerMessage(3003, LogLevel.Error, "Plugin '{PluginId}' was rejected; {Outcome}. {Reason}")]
    public static partial void PluginRejected(ILogger logger, string pluginId, string outcome, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Plugin '{PluginId}' {Version} unloaded; context collected: {Collected}.")]
    public static partial void PluginUnloaded(ILogger logger, string pluginId, string version, bool collected);

    [LoggerMessage(3008, LogLevel.Debug, "Plugin '{PluginId}' {Version}: prepared during the debounce, then superseded by a newer change of its folder; unloaded.")]
    public static partial void PreparedVersionAbandoned(ILogger logger, string pluginId, string version);

    [LoggerMessage(3009, LogLevel.Debug, "Plugin '{PluginId}' {Version} prepared during the debounce in {ElapsedMs:0.0} ms; it starts and takes over when the debounce ends.")]
    public static partial void VersionPrepared(ILogger logger, string pluginId, string version, double elapsedMs);

    [LoggerMessage(3005, LogLevel.Warning, "Plugin '{PluginId}' {Version}: its unloaded context was not collected within {Timeout}. Something still references the plugin's types (see docs/plugins.md, 'What keeps a context from unloading').")]
    public static partial void PluginLeaked(ILogger logger, string pluginId, string version, TimeSpan timeout);

    [LoggerMessage(3006, LogLevel.Warning, "Plugin '{PluginId}' {Version}: {InFlight} call(s) still running after the drain timeout {Timeout}; stopping anyway.")]
    public static partial void DrainTimedOut(ILogger logger, string pluginId, string version, int inFlight, TimeSpan timeout);

    [LoggerMessage(3007, LogLevel.Warning, "Plugin '{PluginId}' {Version}: {Hook} failed while retiring the version.")]
    public static partial void RetireHookFailed(ILogger logger, Exception exception, string pluginId, string version, string hook);

    [LoggerMessage(3010, LogLevel.Warning, "Call to {ServiceType} of plugin '{PluginId}' failed: {Failure}.")]
    public static partial void CallFailed(ILogger logger, Exception? exception, string pluginId, string serviceType, PluginCallFailure failure);

    [LoggerMessage(3011, LogLevel.Warning, "Plugin '{PluginId}' is unhealthy: its circuit opened for {BreakDuration} after repeated failures.")]
    public static partial void CircuitOpened(ILogger logger, string pluginId, TimeSpan breakDuration);

    [LoggerMessage(3012, LogLevel.Error, "Plugin '{PluginId}' is quarantined for {Duration}: it kept failing after repeated breaks. Deploy a fixed version to end the quarantine.")]
    public static partial void Quarantined(ILogger logger, string pluginId, TimeSpan duration);

    [LoggerMessage(3013, LogLevel.Information, "Plugin '{PluginId}' recovered: its circuit closed.")]
    public static partial void CircuitClosed(ILogger logger, string pluginId);

    [LoggerMessage(3020, LogLevel.Warning, "Watching plugin root '{Root}' with file events failed; polling every {Interval} instead.")]
    public static partial void WatcherFellBackToPolling(ILogger logger, Exception exception, string root, TimeSpan interval);

    [LoggerMessage(3021, LogLevel.Warning, "The watcher of plugin root '{Root}' reported an error; rescanning every plugin folder.")]
    public static partial void WatcherError(ILogger logger, Exception exception, string root);

    [LoggerMessage(3022, LogLevel.Debug, "Plugin folder '{Folder}' is still changing; trying again after the debounce.")]
    public static partial void FolderChanging(ILogger logger, string folder);

    [LoggerMessage(3023, LogLevel.Error, "Processing a change of plugin folder '{Folder}' failed unexpectedly.")]
    public static partial void FolderProcessingFailed(ILogger logger, Exception exception, string folder);

    [LoggerMessage(3025, LogLevel.Debug, "Warming up the plugin host's load and call paths failed; the first plugin load will be slower.")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(3024, LogLevel.Warning, "Plugin '{PluginId}' registers event handlers, but the host has no event bus; they will not be called.")]
    public static partial void NoEventBus(ILogger logger, string pluginId);
}
