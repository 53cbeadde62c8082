using Crm.Plugins.Channels;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Sends chat messages by posting <c>{"text", "channel"}</c> to a Slack-compatible incoming webhook, and maps the
/// answers: 2xx is delivered, 429, 408, 5xx, timeouts and network errors are transient (with the server's
/// <c>Retry-After</c> in the reason), other answers are permanent.
/// </summary>
/// <remarks>
/// Each post carries a hash of the tenant and idempotency key in <see cref="ChatHeaders.IdempotencyKeyHeader"/>, and
/// delivered keys are remembered in memory (<see cref="ChatChannelOptions.IdempotencyCacheSize"/>), so a key is posted
/// once per process even though incoming webhooks do not deduplicate. The adapter owns its <see cref="HttpClient"/>;
/// dispose it (its container does) to release connections.
/// </remarks>
public sealed class ChatChannelAdapter : IChannelAdapter, IDisposable
{
    private const int MaxResponseBytes = 4096;

    private readonly HttpClient _http;
    private readonly Uri _webhookUrl;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeliveryCache _delivered;

    /// <summary>Initializes the adapter.</summary>
    /// <param name="options">The options; <see cref="ChatChannelOptions.WebhookUrl"/> is required.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock when omitted.</param>
    /// <param name="logger">The logger; none when omitted.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid or the webhook URL is missing.</exception>
    public ChatChannelAdapter(ChatChannelOptions options, TimeProvider? timeProvider = null, ILogger<ChatChannelAdapter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ChatChannelOptionsValidator.ThrowIfInvalid(options);
        if (options.WebhookUrl is null)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                nameof(ChatChannelOptions),
                typeof(ChatChannelOptions),
                [$"{nameof(ChatChannelOptions)}.{nameof(ChatChannelOptions.WebhookUrl)} (setting 'webhookUrl') is required to send chat messages."]);
        }

        _webhookUrl = options.WebhookUrl;
        _timeout = options.Timeout;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _delivered = new DeliveryCache(options.IdempotencyCacheSize);

        // Redirects are refused rather than followed: a webhook that redirects is misconfigured, and following would
        // turn the POST into a GET. Timeouts come from the linked token below, which honours the TimeProvider.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Chat;

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (!ChatRecipient.IsValid(message.Recipient))
        {
            return NotSent("The recipient is not a chat channel or user id (such as C0123ABCD or U0123ABCD) or a #channel or @user name.");
        }

        if (!TryReadBlocks(message, out var blocks))
        {
            return NotSent($"Header '{ChatHeaders.Blocks}' must hold a JSON array of Block Kit blocks.");
        }

        var payload = new WebhookPayload(
            SlackText.Escape(message.TextBody),
            message.Recipient,
            message.Headers.TryGetValue(ChatHeaders.ThreadTs, out var threadTs) && threadTs.Length > 0 ? threadTs : null,
            blocks);
        var send = new PendingSend(this, payload, message.TenantId, message.IdempotencyKey);
        return await _delivered.GetOrSendAsync(
            IdempotencyKeys.CacheKey(message.TenantId, message.IdempotencyKey),
            send,
            static (s, token) => s.Adapter.PostAsync(s, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<DeliveryResult> PostAsync(PendingSend send, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _webhookUrl)
        {
            Content = JsonContent.Create(send.Payload, ChatJson.Default.WebhookPayload),
        };
        var keyHeader = IdempotencyKeys.HeaderValue(send.TenantId, send.IdempotencyKey);
        request.Headers.TryAddWithoutValidation(ChatHeaders.IdempotencyKeyHeader, keyHeader);

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false);
            return MapResponse(response, body, send.Payload.Channel, keyHeader);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ChatLog.TimedOut(_logger, _timeout);
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The chat webhook did not answer within {_timeout}; retry later.");
        }
        catch (HttpRequestException exception)
        {
            // The exception's message can quote the URL, which holds the webhook's token: only the error kind is used.
            ChatLog.Unreachable(_logger, exception.HttpRequestError.ToString());
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The chat webhook is unreachable ({exception.HttpRequestError}); retry later.");
        }
    }

    private DeliveryResult MapResponse(HttpResponseMessage response, byte[] body, string channel, string keyHeader)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = ProviderIdFrom(body, channel) ?? "webhook-" + keyHeader;
            ChatLog.Delivered(_logger, id);
            return DeliveryResult.Delivered(id);
        }

        var code = ErrorCodeFrom(body);
        var described = code is null ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {code}";
        DeliveryResult result;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            result = DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The chat webhook is rate limited ({described}); {RetryAfter(response.Headers.RetryAfter)}.");
        }
        else if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            result = DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The chat webhook failed ({described}); {RetryAfter(response.Headers.RetryAfter)}.");
        }
        else
        {
            result = DeliveryResult.Failed(DeliveryFailureKind.Permanent, $"The chat webhook refused the message ({described}).");
        }

        ChatLog.Refused(_logger, status, code ?? "-", result.FailureKind.ToString());
        return result;
    }

    private string RetryAfter(RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return $"retry after {delta.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (Retry-After)";
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero
                ? $"retry after {date.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)} (Retry-After)"
                : "retry now (Retry-After has passed)";
        }

        return "retry later";
    }

    /// <summary>Takes the id from a response that has one (<c>{"ts", "channel"}</c> or <c>{"id"}</c>), as chat.postMessage-compatible servers return.</summary>
    private static string? ProviderIdFrom(byte[] body, string channel)
    {
        if (body.Length == 0 || body[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String && ts.GetString() is { Length: > 0 } tsText)
            {
                var at = root.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 } answered
                    ? answered
                    : channel;
                return at + ":" + tsText;
            }

            return root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } idText
                ? idText
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads Slack's error code (<c>channel_not_found</c>) from a plain-text or <c>{"error"}</c> body. Anything else is
    /// ignored: a body that is not a short code could hold personal data.
    /// </summary>
    private static string? ErrorCodeFrom(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                text = document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                    ? error.GetString() ?? ""
                    : "";
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') ? text : null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxResponseBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return buffer.AsSpan(0, length).ToArray();
        }
    }

    private static bool TryReadBlocks(OutboundMessage message, out JsonElement? blocks)
    {
        blocks = null;
        if (!message.Headers.TryGetValue(ChatHeaders.Blocks, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            blocks = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private DeliveryResult NotSent(string reason)
    {
        ChatLog.NotSent(_logger, reason);
        return DeliveryResult.Failed(DeliveryFailureKind.Permanent, reason);
    }

    private sealed record PendingSend(ChatChannelAdapter Adapter, WebhookPayload Payload, string TenantId, string IdempotencyKey);
}
