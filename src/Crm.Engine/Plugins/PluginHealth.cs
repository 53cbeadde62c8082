namespace Crm.Engine.Plugins;

/// <summary>
/// Says whether a plugin is fit to serve, as judged by its guard (circuit breaker) and health check.
/// </summary>
public enum PluginHealth
{
    /// <summary>Calls succeed.</summary>
    Healthy = 0,

    /// <summary>The circuit is half-open: trial calls decide whether the plugin recovered.</summary>
    Degraded = 1,

    /// <summary>The circuit is open after too many failures, or the plugin is not loaded: calls are refused for a while.</summary>
    Unhealthy = 2,

    /// <summary>The plugin kept failing after repeated breaks: calls are refused for the quarantine period.</summary>
    Quarantined = 3,
}
