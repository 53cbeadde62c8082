using System.Text;
using Crm.Engine.Channels;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>
/// Delivers <c>webhook</c> outbox messages: POSTs the body to the subscription's URL, signed with its secret at send
/// time (so each retry carries a fresh timestamp). 2xx is delivered; 408, 429 and 5xx are retried; other answers are permanent.
/// </summary>
internal sealed class OutboundWebhookChannelAdapter(IHttpClientFactory clients, IOptionsMonitor<OutboundWebhookOptions> options, TimeProvider time) : IChannelAdapter
{
    public const string ClientName = "Crm.Engine.OutboundWebhooks";

    public string Channel => OutboundWebhookOptions.Channel;

    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.CurrentValue;
        var subscription = message.Headers.TryGetValue(OutboundWebhookOptions.SubscriptionHeader, out var id)
            ? settings.Subscriptions.FirstOrDefault(s => s.Id == id)
            : null;
        if (subscription is null)
        {
            return DeliveryResult.Failed(DeliveryFailureKind.Permanent, $"No outbound webhook subscription '{id}' is configured any more.");
        }

        var body = Encoding.UTF8.GetBytes(message.TextBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(message.Recipient)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(OutboundWebhookOptions.SignatureHeader, OutboundWebhookSignature.Create(subscription.Secret, time.GetUtcNow(), body));
        foreach (var header in new[] { OutboundWebhookOptions.EventHeader, OutboundWebhookOptions.EventIdHeader })
        {
            if (message.Headers.TryGetValue(header, out var value))
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? DeliveryResult.Delivered($"{subscription.Id}:{status}")
                : DeliveryResult.Failed(status is 408 or 429 or >= 500 ? DeliveryFailureKind.Transient : DeliveryFailureKind.Permanent,
                    $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The receiver could not be reached: {e.Message}");
        }
    }
}
