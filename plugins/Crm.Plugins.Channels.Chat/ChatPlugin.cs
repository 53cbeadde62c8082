using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// The plugin's entry point: reads the validated settings and registers the chat <c>IChannelAdapter</c> (when a
/// webhook URL is set) and <c>IInboundWebhookHandler</c> (when a signing secret is set) into the plugin's services.
/// </summary>
public sealed class ChatPlugin : ICrmPlugin
{
    /// <inheritdoc />
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.GetSettings(ChatJson.Default.ChatPluginSettings)
            ?? throw new InvalidOperationException(
                $"Plugin '{context.PluginId}' needs settings: 'webhookUrl' to send, 'signingSecret' to receive, or both.");
        services.AddChatChannel(settings.ApplyTo);
    }
}
