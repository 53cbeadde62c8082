using Crm.Engine.Channels;
using Crm.Engine.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>Registers outbound webhooks: domain events delivered to subscribers through the outbox, HMAC-signed.</summary>
public static class OutboundWebhookCrmEngineBuilderExtensions
{
    /// <summary>
    /// Delivers committed domain events to the configured subscriptions through the outbox (channel <c>webhook</c>):
    /// retries with backoff and the attempt log are the outbox's. See <see cref="OutboundWebhookSignature"/> for how a
    /// receiver verifies a delivery.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Adds subscriptions.</param>
    /// <returns>The builder.</returns>
    public static ICrmEngineBuilder AddOutboundWebhooks(this ICrmEngineBuilder builder, Action<OutboundWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<OutboundWebhookOptions>()
            .Configure(configure)
            .Validate(o => o.Subscriptions.All(s => s.Url.IsAbsoluteUri && (s.Url.Scheme == Uri.UriSchemeHttp || s.Url.Scheme == Uri.UriSchemeHttps)),
                "Every outbound webhook subscription needs an absolute http(s) URL.")
            .Validate(o => o.Subscriptions.All(s => !string.IsNullOrEmpty(s.Secret) && !string.IsNullOrEmpty(s.Id)),
                "Every outbound webhook subscription needs an id and a secret.")
            .Validate(o => o.Subscriptions.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count() == o.Subscriptions.Count,
                "Outbound webhook subscription ids must be unique.");
        builder.Services.AddHttpClient(OutboundWebhookChannelAdapter.ClientName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, OutboundWebhookChannelAdapter>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEventHandler<CrmEvent>, OutboundWebhookEventHandler>());
        return builder;
    }
}
