using Crm.Engine.Channels;
using Crm.Plugins.Channels.Social;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the Mastodon-compatible social channel in code, for applications that reference the package instead of
/// loading the plugin from a folder.
/// </summary>
public static class SocialServiceCollectionExtensions
{
    /// <summary>Adds the social channel to the engine.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the server, the access token and the other <see cref="SocialChannelOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static ICrmEngineBuilder AddSocialChannel(this ICrmEngineBuilder builder, Action<SocialChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSocialChannel(configure);
        return builder;
    }

    /// <summary>
    /// Adds the social channel's services: <see cref="SocialChannelAdapter"/> as an <see cref="IChannelAdapter"/> and
    /// <see cref="SocialInboundPoller"/> as an <see cref="IInboundPoller"/>.
    /// </summary>
    /// <param name="services">The service collection (the host's, or a plugin's own).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>The options are validated here, so a bad option fails at registration rather than at the first send.</remarks>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public static IServiceCollection AddSocialChannel(this IServiceCollection services, Action<SocialChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SocialChannelOptions();
        configure(options);
        SocialChannelOptionsValidator.ThrowIfInvalid(options);
        options = options.Clone();

        services.AddSingleton(sp => new SocialChannelAdapter(options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<SocialChannelAdapter>>()));
        services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<SocialChannelAdapter>());
        services.AddSingleton(sp => new SocialInboundPoller(options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<SocialInboundPoller>>()));
        services.AddSingleton<IInboundPoller>(sp => sp.GetRequiredService<SocialInboundPoller>());
        return services;
    }
}
