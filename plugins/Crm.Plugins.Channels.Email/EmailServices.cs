using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Inbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Email;

/// <summary>Registers the adapter and the poller for validated options; shared by the plugin and <c>AddEmailChannel</c>.</summary>
internal static class EmailServices
{
    public static void Add(IServiceCollection services, EmailChannelOptions options)
    {
        // The container owns (and on unload disposes) the adapter, which holds the SMTP connection pool.
        services.AddSingleton(provider => new EmailChannelAdapter(
            options,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILogger<EmailChannelAdapter>>() ?? NullLogger<EmailChannelAdapter>.Instance));
        services.AddSingleton<IChannelAdapter>(provider => provider.GetRequiredService<EmailChannelAdapter>());
        if (options.Inbox.Directory is not null)
        {
            services.AddSingleton<IInboundPoller>(provider => new MaildirInboundPoller(
                options.Inbox,
                provider.GetService<ILogger<MaildirInboundPoller>>() ?? NullLogger<MaildirInboundPoller>.Instance));
        }
    }
}
