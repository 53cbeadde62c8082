using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// The plugin's entry point: reads the validated settings and registers the social <c>IChannelAdapter</c> and
/// <c>IInboundPoller</c> into the plugin's services.
/// </summary>
public sealed class SocialPlugin : ICrmPlugin
{
    /// <inheritdoc />
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.GetSettings(SocialJson.Default.SocialPluginSettings)
            ?? throw new InvalidOperationException($"Plugin '{context.PluginId}' needs settings: 'instanceUrl' and 'accessToken'.");
        services.AddSocialChannel(settings.ApplyTo);
    }
}
