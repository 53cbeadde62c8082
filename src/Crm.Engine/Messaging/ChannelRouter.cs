using System.Collections.Concurrent;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>
/// Finds who serves a channel: adapters, webhook handlers and pollers registered in code come first, then those of
/// loaded plugins (called through the plugin guard, so a plugin's timeout, breaker and hot reload apply). Looked up on
/// every call, so a plugin dropped in, reloaded or removed is seen at once.
/// </summary>
internal sealed class ChannelRouter(IServiceProvider services, IOptions<MessagingOptions> options)
{
    // A plugin version's channel never changes, so it is asked once per loaded version.
    private readonly ConcurrentDictionary<(string Plugin, string? Version, string Service), (string Channel, TimeSpan Interval)> _pluginInfo = new();

    private IPluginServices? Plugins => services.GetService<IPluginServices>();

    /// <summary>Sends through the channel's adapter; <see langword="null"/> when no adapter serves the channel.</summary>
    public async ValueTask<DeliveryResult?> SendAsync(string channel, OutboundMessage message, CancellationToken cancellationToken)
    {
        foreach (var adapter in services.GetServices<IChannelAdapter>())
        {
            if (string.Equals(adapter.Channel, channel, StringComparison.Ordinal))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.SendTimeout);
                try
                {
                    return await adapter.SendAsync(message, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The '{channel}' adapter did not answer within {options.Value.SendTimeout}.");
                }
            }
        }

        if (Plugins is not { } plugins)
        {
            return null;
        }

        foreach (var handle in plugins.GetServices<IChannelAdapter>())
        {
            var info = await InfoAsync(handle, nameof(IChannelAdapter), static a => (a.Channel, TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
            if (string.Equals(info.Channel, channel, StringComparison.Ordinal))
            {
                return await handle.InvokeAsync(message, static (adapter, m, token) => adapter.SendAsync(m, token), cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Passes a webhook to the handler registered under <paramref name="source"/>; <see langword="null"/> when there is none.</summary>
    public async ValueTask<InboundWebhookResult?> HandleWebhookAsync(string source, InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        foreach (var handler in services.GetServices<IInboundWebhookHandler>())
        {
            if (string.Equals(handler.Channel, source, StringComparison.Ordinal))
            {
                return await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        if (Plugins is not { } plugins)
        {
            return null;
        }

        foreach (var handle in plugins.GetServices<IInboundWebhookHandler>())
        {
            if (string.Equals(handle.PluginId, source, StringComparison.Ordinal))
            {
                return await handle.InvokeAsync(request, static (handler, r, token) => handler.HandleAsync(r, token), cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Lists every poller now available.</summary>
    public async ValueTask<IReadOnlyList<InboundSource>> PollersAsync(CancellationToken cancellationToken)
    {
        var sources = new List<InboundSource>();
        foreach (var poller in services.GetServices<IInboundPoller>())
        {
            sources.Add(new InboundSource("code:" + poller.Channel, poller.Channel, poller.PollInterval, poller.PollAsync));
        }

        if (Plugins is { } plugins)
        {
            foreach (var handle in plugins.GetServices<IInboundPoller>())
            {
                var info = await InfoAsync(handle, nameof(IInboundPoller), static p => (p.Channel, p.PollInterval), cancellationToken).ConfigureAwait(false);
                sources.Add(new InboundSource(handle.PluginId, info.Channel, info.Interval, (tenant, cursor, token) =>
                    handle.InvokeAsync((Tenant: tenant, Cursor: cursor), static (poller, s, t) => poller.PollAsync(s.Tenant, s.Cursor, t), token)));
            }
        }

        return sources;
    }

    private async ValueTask<(string Channel, TimeSpan Interval)> InfoAsync<TService>(
        PluginService<TService> handle, string service, Func<TService, (string, TimeSpan)> read, CancellationToken cancellationToken)
        where TService : class
    {
        var key = (handle.PluginId, handle.ActiveVersion, service);
        if (_pluginInfo.TryGetValue(key, out var info))
        {
            return info;
        }

        info = await handle.InvokeAsync(read, static (instance, r, _) => ValueTask.FromResult(r(instance)), cancellationToken).ConfigureAwait(false);
        _pluginInfo[key] = info;
        return info;
    }
}
