using System.Text;
using Crm.Engine.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Receives Slack Events API requests: verifies the <c>X-Slack-Signature</c> HMAC and the request's age before reading
/// anything, answers URL verification with its challenge, and turns users' messages into inbound messages
/// (<c>ExternalId</c> = <c>channel:ts</c>, <c>InReplyTo</c> = <c>channel:thread_ts</c>, sender = the user id).
/// </summary>
/// <remarks>
/// A request whose signature is missing, wrong or stale is rejected with
/// <see cref="InboundRejectionKind.InvalidSignature"/> and its body is not read; a malformed body is rejected with
/// <see cref="InboundRejectionKind.Malformed"/> naming the JSON path; bot messages, edits and other events are accepted
/// with no messages, so Slack does not retry them. Bad input never throws.
/// </remarks>
public sealed class ChatWebhookHandler : IInboundWebhookHandler
{
    private readonly byte[] _secret;
    private readonly TimeSpan _tolerance;
    private readonly ILogger _logger;

    /// <summary>Initializes the handler.</summary>
    /// <param name="options">The options; <see cref="ChatChannelOptions.SigningSecret"/> is required.</param>
    /// <param name="logger">The logger; none when omitted.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid or the signing secret is missing.</exception>
    public ChatWebhookHandler(ChatChannelOptions options, ILogger<ChatWebhookHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ChatChannelOptionsValidator.ThrowIfInvalid(options);
        if (options.SigningSecret is null)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                nameof(ChatChannelOptions),
                typeof(ChatChannelOptions),
                [$"{nameof(ChatChannelOptions)}.{nameof(ChatChannelOptions.SigningSecret)} (setting 'signingSecret') is required to receive chat messages."]);
        }

        _secret = Encoding.UTF8.GetBytes(options.SigningSecret);
        _tolerance = options.SignatureTolerance;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Chat;

    /// <inheritdoc />
    public ValueTask<InboundWebhookResult> HandleAsync(InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var result = Handle(request);
        if (result.IsAccepted)
        {
            ChatLog.WebhookAccepted(_logger, result.Messages.Count);
        }
        else
        {
            ChatLog.WebhookRejected(_logger, result.Rejection.ToString()!, result.Reason!);
        }

        return ValueTask.FromResult(result);
    }

    private InboundWebhookResult Handle(InboundWebhookRequest request)
    {
        if (SlackSignature.Verify(request, _secret, _tolerance) is { } invalid)
        {
            return InboundWebhookResult.Rejected(InboundRejectionKind.InvalidSignature, invalid);
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return InboundWebhookResult.Rejected(InboundRejectionKind.Unsupported, "Only POST requests carry events.");
        }

        return SlackEventParser.Parse(request.Body);
    }
}
