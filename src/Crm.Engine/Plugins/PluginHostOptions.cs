using System.Text.Json;

namespace Crm.Engine.Plugins;

/// <summary>
/// Configures the plugin host: where plugins are found, how they are watched, and the limits every call into a plugin
/// runs under. Validated when the host starts; an invalid value fails the start with a message naming the option.
/// </summary>
public sealed class PluginHostOptions
{
    /// <summary>Gets the plugin roots: each sub-folder holding a <c>plugin.json</c> is one plugin.</summary>
    /// <value>Filled by <c>AddPluginsFromDirectory</c>; empty by default.</value>
    public IList<string> Directories { get; } = [];

    /// <summary>Gets or sets a value indicating whether plugin folders are watched and reloaded on change.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableHotReload { get; set; } = true;

    /// <summary>Gets or sets how changes are noticed.</summary>
    /// <value>The default is <see cref="PluginWatchMode.Auto"/>.</value>
    public PluginWatchMode WatchMode { get; set; } = PluginWatchMode.Auto;

    /// <summary>Gets or sets how long a plugin folder must stay quiet after a change before it is reloaded.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how often plugin roots are scanned in <see cref="PluginWatchMode.Polling"/> mode or after the watcher failed.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long a call into a plugin may take before it is cancelled and counted as a timeout.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many calls may run in one plugin at once.</summary>
    /// <value>The default is 64.</value>
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>Gets or sets how many calls may wait for a free slot before further calls are rejected.</summary>
    /// <value>The default is 1024.</value>
    public int MaxQueuedCalls { get; set; } = 1024;

    /// <summary>Gets or sets the share of failed calls in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many calls the sampling window needs before the failure ratio counts.</summary>
    /// <value>The default is 10.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window failures are counted in.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit refuses calls before a trial call.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets after how many failed trial calls in a row the plugin is quarantined.</summary>
    /// <value>The default is 3.</value>
    public int QuarantineAfterFailedTrials { get; set; } = 3;

    /// <summary>Gets or sets how long a quarantined plugin refuses calls; deploying a new version ends it sooner.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan QuarantineDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the time limit of <c>ICrmPlugin.StartAsync</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time limit of <c>ICrmPlugin.StopAsync</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time limit of <c>ICrmPlugin.ExportStateAsync</c> and <c>ICrmPlugin.UpgradeAsync</c>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time limit of a plugin's health check.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a replaced or removed version may take to finish its in-flight calls.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an unloaded context may take to be collected before it is reported as a leak.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan UnloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the settings of each plugin, by plugin id; they win over a <c>settings.json</c> in the plugin folder.</summary>
    /// <value>Empty by default.</value>
    public IDictionary<string, JsonElement> Settings { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>Gets the capabilities plugins may not have; a plugin asking for one is rejected.</summary>
    /// <value>Empty by default: every capability in <see cref="PluginCapabilities.All"/> is granted on request.</value>
    public ISet<string> DeniedCapabilities { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the folder plugin shadow copies are written to; it is emptied when the host stops.</summary>
    /// <value>The default is a new folder under the system temp folder.</value>
    public string? ShadowCopyDirectory { get; set; }
}
