namespace Crm.Engine.Plugins;

/// <summary>
/// Says why a guarded call into a plugin failed.
/// </summary>
public enum PluginCallFailure
{
    /// <summary>The plugin threw; the original exception is the inner exception.</summary>
    Faulted = 0,

    /// <summary>The plugin did not answer within the call timeout.</summary>
    TimedOut = 1,

    /// <summary>The plugin's concurrency limit and queue were full; the call never reached it.</summary>
    Rejected = 2,

    /// <summary>The plugin's circuit breaker is open after recent failures; the call never reached it.</summary>
    CircuitOpen = 3,

    /// <summary>The plugin is not loaded (failed, removed or not providing the service); the call never reached it.</summary>
    Unavailable = 4,
}
