using Crm.Plugins.Channels.Email;

namespace Crm.Engine;

/// <summary>Registers the email channel in code on a <see cref="ICrmEngineBuilder"/>, without the plugin host.</summary>
public static class EmailCrmEngineBuilderExtensions
{
    /// <summary>
    /// Adds the <c>email</c> channel adapter (SMTP or pickup folder) and, when <see cref="EmailChannelOptions.Inbox"/>
    /// names a folder, the inbound poller, as <c>IChannelAdapter</c> and <c>IInboundPoller</c> services.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the sender, the mode and the mode's options.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">
    /// The options are invalid; thrown here, at registration, with every problem named (such as
    /// <c>EmailChannelOptions.Smtp.Host is not set</c>).
    /// </exception>
    public static ICrmEngineBuilder AddEmailChannel(this ICrmEngineBuilder builder, Action<EmailChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EmailChannelOptions();
        configure(options);
        EmailChannelOptionsValidator.ThrowIfInvalid(options);
        EmailServices.Add(builder.Services, options);
        return builder;
    }
}
