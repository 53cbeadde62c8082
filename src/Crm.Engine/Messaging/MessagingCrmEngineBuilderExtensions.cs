using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Scheduling;
using Crm.Engine.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine;

/// <summary>Configures messaging on the engine builder: options, templates, channel adapters, inbound sources and job handlers.</summary>
public static class MessagingCrmEngineBuilderExtensions
{
    /// <summary>Configures the outbox, scheduled jobs, inbound polling and automation rules.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets <see cref="MessagingOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder ConfigureMessaging(this ICrmEngineBuilder builder, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Registers a message template, checked when the engine starts.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="messageTemplate">The template.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddMessageTemplate(this ICrmEngineBuilder builder, MessageTemplate messageTemplate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(messageTemplate);
        builder.Services.Configure<MessagingOptions>(options => options.Templates.Add(messageTemplate));
        return builder;
    }

    /// <summary>Registers a channel adapter compiled into the application (plugins register theirs themselves).</summary>
    /// <typeparam name="TAdapter">The adapter type, created once by the container.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddChannelAdapter<TAdapter>(this ICrmEngineBuilder builder)
        where TAdapter : class, IChannelAdapter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, TAdapter>());
        return builder;
    }

    /// <summary>Registers a channel adapter instance.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="adapter">The adapter.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddChannelAdapter(this ICrmEngineBuilder builder, IChannelAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(adapter);
        builder.Services.AddSingleton(adapter);
        return builder;
    }

    /// <summary>Registers a webhook handler; webhooks reach it under its channel name as source.</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddInboundWebhookHandler<THandler>(this ICrmEngineBuilder builder)
        where THandler : class, IInboundWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundWebhookHandler, THandler>());
        return builder;
    }

    /// <summary>Registers an inbound poller; it polls the tenants in <see cref="MessagingOptions.PollInboundForTenants"/>.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="poller">The poller.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddInboundPoller(this ICrmEngineBuilder builder, IInboundPoller poller)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(poller);
        builder.Services.AddSingleton(poller);
        return builder;
    }

    /// <summary>Registers the handler of a scheduled job kind.</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddJobHandler<THandler>(this ICrmEngineBuilder builder)
        where THandler : class, IScheduledJobHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledJobHandler, THandler>());
        return builder;
    }
}
