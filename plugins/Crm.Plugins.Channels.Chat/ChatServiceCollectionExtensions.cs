using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the Slack-compatible chat channel in code, for applications that reference the package instead of
/// loading the plugin from a folder.
/// </summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>Adds the chat channel to the engine.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the webhook URL, the signing secret and the other <see cref="ChatChannelOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static ICrmEngineBuilder AddChatChannel(this ICrmEngineBuilder builder, Action<ChatChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddChatChannel(configure);
        return builder;
    }

    /// <summary>
    /// Adds the chat channel's services: <see cref="ChatChannelAdapter"/> as an <see cref="IChannelAdapter"/> when
    /// <see cref="ChatChannelOptions.WebhookUrl"/> is set, and <see cref="ChatWebhookHandler"/> as an
    /// <see cref="IInboundWebhookHandler"/> when <see cref="ChatChannelOptions.SigningSecret"/> is set.
    /// </summary>
    /// <param name="services">The service collection (the host's, or a plugin's own).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>The options are validated here, so a bad option fails at registration rather than at the first send.</remarks>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static IServiceCollection AddChatChannel(this IServiceCollection services, Action<ChatChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ChatChannelOptions();
        configure(options);
        ChatChannelOptionsValidator.ThrowIfInvalid(options);
        options = options.Clone();

        if (options.WebhookUrl is not null)
        {
            services.AddSingleton(sp => new ChatChannelAdapter(
                options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<ChatChannelAdapter>>()));
            services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<ChatChannelAdapter>());
        }

        if (options.SigningSecret is not null)
        {
            services.AddSingleton(sp => new ChatWebhookHandler(options, sp.GetService<ILogger<ChatWebhookHandler>>()));
            services.AddSingleton<IInboundWebhookHandler>(sp => sp.GetRequiredService<ChatWebhookHandler>());
        }

        return services;
    }
}
