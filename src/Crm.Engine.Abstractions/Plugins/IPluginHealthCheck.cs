namespace Crm.Engine.Plugins;

/// <summary>
/// Reports whether a plugin can serve. Register one in the plugin's service collection: the host calls it before a new
/// version takes over (a failing check rejects the version) and when operators ask for health.
/// </summary>
public interface IPluginHealthCheck
{
    /// <summary>Checks the plugin's health, for example by reaching its provider.</summary>
    /// <param name="cancellationToken">Cancelled when the health-check timeout expires.</param>
    /// <returns>The result.</returns>
    ValueTask<PluginHealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken);
}
