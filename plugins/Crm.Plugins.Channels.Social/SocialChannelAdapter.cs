using Crm.Plugins.Channels;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Sends a message as a direct status mentioning the recipient (<c>POST /api/v1/statuses</c> with
/// <c>status = "@recipient text"</c> and <c>visibility = direct</c>), with an <c>Idempotency-Key</c>, and maps the
/// answers: the status id is the provider id; 401, 403, 422 and other 4xx are permanent; 429, 408, 5xx, timeouts and
/// network errors are transient.
/// </summary>
/// <remarks>
/// The adapter follows <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c>: once the server says nothing
/// remains (or answers 429), sends fail as transient, naming the reset time, without calling the server until then.
/// Delivered keys are also remembered in memory (<see cref="SocialChannelOptions.IdempotencyCacheSize"/>), so a retry
/// after a lost answer costs no request. The adapter owns its <see cref="HttpClient"/>; dispose it (its container does).
/// </remarks>
public sealed class SocialChannelAdapter : IChannelAdapter, IDisposable
{
    private const string Visibility = "direct";
    private const int MaxErrorLength = 160;

    private readonly MastodonApi _api;
    private readonly string _accessToken;
    private readonly ILogger _logger;
    private readonly DeliveryCache _delivered;

    /// <summary>Initializes the adapter.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for timeouts and rate-limit resets; the system clock when omitted.</param>
    /// <param name="logger">The logger; none when omitted.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it.</exception>
    public SocialChannelAdapter(SocialChannelOptions options, TimeProvider? timeProvider = null, ILogger<SocialChannelAdapter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SocialChannelOptionsValidator.ThrowIfInvalid(options);
        _api = new MastodonApi(options, timeProvider ?? TimeProvider.System);
        _accessToken = options.AccessToken ?? "";
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _delivered = new DeliveryCache(options.IdempotencyCacheSize);
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Social;

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (SocialHandle.ToAcct(message.Recipient) is not { } acct)
        {
            return NotSent("The recipient is not a social handle such as @name@server.example.");
        }

        var replyTo = message.Headers.TryGetValue(SocialHeaders.InReplyToId, out var id) && id.Length > 0 ? id : null;
        if (replyTo is not null && !NotificationIds.IsValid(replyTo))
        {
            return NotSent($"Header '{SocialHeaders.InReplyToId}' is not a status id.");
        }

        var send = new PendingSend(this, new StatusRequest("@" + acct + " " + message.TextBody, Visibility, replyTo), message.TenantId, message.IdempotencyKey);
        return await _delivered.GetOrSendAsync(
            IdempotencyKeys.CacheKey(message.TenantId, message.IdempotencyKey),
            send,
            static (s, token) => s.Adapter.PostAsync(s, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _api.Dispose();

    private async Task<DeliveryResult> PostAsync(PendingSend send, CancellationToken cancellationToken)
    {
        if (_api.Gate.IsClosed(out var until))
        {
            SocialLog.RateLimited(_logger, until, "send");
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The social server's rate limit is used up until {Format(until)}; not sent, retry after then.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/statuses")
        {
            Content = JsonContent.Create(send.Status, SocialJson.Default.StatusRequest),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKeys.HeaderValue(send.TenantId, send.IdempotencyKey));
        var answer = await _api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (answer.Status is not { } status)
        {
            SocialLog.NoAnswer(_logger, answer.Failure!);
            return DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The social server did not answer: {answer.Failure}; retry later.");
        }

        if (answer.IsSuccess)
        {
            if (StatusIdFrom(answer.Body) is { } statusId)
            {
                SocialLog.Posted(_logger, statusId);
                return DeliveryResult.Delivered(statusId);
            }

            // Retrying is safe: the server answers a repeated Idempotency-Key with the status it created.
            return Refused((int)status, DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The social server answered {(int)status} without a status id; retry later."));
        }

        var code = (int)status;
        var error = ErrorFrom(answer.Body, _accessToken);
        return Refused(code, status switch
        {
            HttpStatusCode.TooManyRequests => DeliveryResult.Failed(
                DeliveryFailureKind.Transient,
                $"The social server is rate limiting (429); retry after {(_api.Gate.IsClosed(out var reset) ? Format(reset) : "a while")}."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DeliveryResult.Failed(
                DeliveryFailureKind.Permanent,
                $"The social server refused the access token ({code}{error}); check that AccessToken is valid and has the write:statuses scope."),
            HttpStatusCode.RequestTimeout => DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The social server timed out ({code}); retry later."),
            _ when code >= 500 => DeliveryResult.Failed(DeliveryFailureKind.Transient, $"The social server failed ({code}{error}); retry later."),
            _ => DeliveryResult.Failed(DeliveryFailureKind.Permanent, $"The social server refused the status ({code}{error})."),
        });
    }

    private DeliveryResult Refused(int status, DeliveryResult result)
    {
        SocialLog.Refused(_logger, status, result.FailureKind.ToString());
        return result;
    }

    private DeliveryResult NotSent(string reason)
    {
        SocialLog.NotSent(_logger, reason);
        return DeliveryResult.Failed(DeliveryFailureKind.Permanent, reason);
    }

    private static string? StatusIdFrom(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id))
            {
                var text = id.ValueKind switch
                {
                    JsonValueKind.String => id.GetString(),
                    JsonValueKind.Number => id.GetRawText(),
                    _ => null,
                };
                return text is not null && NotificationIds.IsValid(text) ? text : null;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
        }

        return null;
    }

    /// <summary>
    /// Reads Mastodon's <c>{"error": "..."}</c> (such as "Validation failed: Text character limit of 500 exceeded"),
    /// shortened and stripped of control characters; validation messages name rules, not the status's content.
    /// </summary>
    // A server may echo the Authorization header in its error text: the token is cut out before the text is kept.
    private static string ErrorFrom(byte[] body, string accessToken)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: > 0 } text)
            {
                var redacted = accessToken.Length == 0 ? text : text.Replace(accessToken, "[access token]", StringComparison.Ordinal);
                var clean = new string(redacted.Where(c => !char.IsControl(c)).Take(MaxErrorLength).ToArray());
                return ": " + clean;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
        }

        return "";
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record PendingSend(SocialChannelAdapter Adapter, StatusRequest Status, string TenantId, string IdempotencyKey);
}
