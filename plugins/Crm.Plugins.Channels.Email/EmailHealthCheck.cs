using Crm.Engine.Plugins;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// Checks, before a version takes over, that the pickup folder can be created. An SMTP server that is down is not a
/// reason to reject a version: sends fail transiently and the outbox retries.
/// </summary>
internal sealed class EmailHealthCheck(EmailChannelOptions options) : IPluginHealthCheck
{
    public ValueTask<PluginHealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (options.Mode != EmailChannelMode.Pickup)
        {
            return new(PluginHealthCheckResult.Healthy);
        }

        try
        {
            Directory.CreateDirectory(options.PickupDirectory);
            return new(PluginHealthCheckResult.Healthy);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new(PluginHealthCheckResult.Unhealthy($"The pickup folder '{options.PickupDirectory}' cannot be created ({exception.GetType().Name})."));
        }
    }
}
