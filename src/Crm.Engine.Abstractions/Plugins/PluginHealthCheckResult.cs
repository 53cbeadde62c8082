namespace Crm.Engine.Plugins;

/// <summary>
/// Carries the result of a <see cref="IPluginHealthCheck"/>.
/// </summary>
/// <param name="IsHealthy">Whether the plugin can serve.</param>
/// <param name="Description">Why not, or a short status; never personal data.</param>
public readonly record struct PluginHealthCheckResult(bool IsHealthy, string? Description = null)
{
    /// <summary>Gets a healthy result.</summary>
    public static PluginHealthCheckResult Healthy { get; } = new(true);

    /// <summary>Creates an unhealthy result.</summary>
    /// <param name="description">Why the plugin cannot serve.</param>
    /// <returns>The result.</returns>
    public static PluginHealthCheckResult Unhealthy(string description) => new(false, description);
}
