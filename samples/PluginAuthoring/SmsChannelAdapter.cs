using System.Net;
using System.Net.Http.Json;
using Crm.Engine;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;

namespace Acme.SmsGateway;

/// <summary>
/// Sends text messages through the gateway's <c>POST messages</c> endpoint, passing the engine's idempotency key so a
/// retried send is not delivered twice, and maps the gateway's answers to delivery results.
/// </summary>
public sealed partial class SmsChannelAdapter(HttpClient http, SmsGatewaySettings settings, ILogger<SmsChannelAdapter> logger) : IChannelAdapter
{
    /// <inheritdoc />
    public string Channel => InteractionChannels.Sms;

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, "messages")
        {
            Content = JsonContent.Create(
                new SendSmsRequest(message.Recipient, settings.SenderId, message.TextBody, message.IdempotencyKey),
                SmsGatewayJson.Default.SendSmsRequest),
        };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(logger, exception.HttpRequestError);
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The gateway is unreachable ({exception.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, "The gateway did not answer in time.");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync(SmsGatewayJson.Default.SendSmsResponse, cancellationToken).ConfigureAwait(false);
                return body is { Id.Length: > 0 }
                    ? DeliveryResult.Delivered(body.Id)
                    : DeliveryResult.Failed(DeliveryFailureKind.Transient, "The gateway accepted the message but returned no id.");
            }

            // Never log the recipient or the text: only the status.
            LogRefused(logger, (int)response.StatusCode);
            return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500
                ? DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The gateway answered {(int)response.StatusCode}; retry later.")
                : DeliveryResult.Failed(DeliveryFailureKind.Permanent, $"The gateway refused the message ({(int)response.StatusCode}).");
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The SMS gateway is unreachable: {Error}.")]
    private static partial void LogUnreachable(ILogger logger, HttpRequestError error);

    [LoggerMessage(2, LogLevel.Warning, "The SMS gateway refused a message with status {Status}.")]
    private static partial void LogRefused(ILogger logger, int status);
}
