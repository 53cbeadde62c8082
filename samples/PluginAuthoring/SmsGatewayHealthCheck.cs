using Crm.Engine.Plugins;

namespace Acme.SmsGateway;

/// <summary>
/// Checks the settings can work before this version takes over from the previous one; a failing check makes the host
/// keep the previous version.
/// </summary>
public sealed class SmsGatewayHealthCheck(SmsGatewaySettings settings) : IPluginHealthCheck
{
    /// <inheritdoc />
    public ValueTask<PluginHealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        new(settings.BaseUrl is { IsAbsoluteUri: true } url && url.Scheme is "https" or "http"
            ? PluginHealthCheckResult.Healthy
            : PluginHealthCheckResult.Unhealthy("Setting 'baseUrl' must be an absolute http(s) URL."));
}
