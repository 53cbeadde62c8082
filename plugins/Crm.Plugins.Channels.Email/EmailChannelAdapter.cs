using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Mime;
using Crm.Plugins.Channels.Email.Pickup;
using Crm.Plugins.Channels.Email.Smtp;
using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Channels.Email;

/// <summary>
/// The <c>email</c> channel: checks the recipient, composes the MIME message and hands it to the configured transport
/// (SMTP or pickup folder). A key sent before in this process is answered from memory with the same Message-ID.
/// </summary>
internal sealed class EmailChannelAdapter : IChannelAdapter, IAsyncDisposable, IDisposable
{
    private readonly EmailComposer _composer;
    private readonly IEmailTransport _transport;
    private readonly IdempotencyGate _gate;
    private readonly ILogger _logger;

    public EmailChannelAdapter(EmailChannelOptions options, TimeProvider time, ILogger<EmailChannelAdapter> logger)
        : this(
            options,
            time,
            logger,
            options.Mode == EmailChannelMode.Smtp
                ? new SmtpTransport(options.Smtp, time, logger)
                : new PickupFolderTransport(options.PickupDirectory, logger))
    {
    }

    internal EmailChannelAdapter(EmailChannelOptions options, TimeProvider time, ILogger logger, IEmailTransport transport)
    {
        EmailChannelOptionsValidator.ThrowIfInvalid(options);
        _composer = new EmailComposer(EmailChannelOptionsValidator.Sender(options), time);
        _transport = transport;
        _gate = new IdempotencyGate(options.IdempotencyCacheSize);
        _logger = logger;
    }

    /// <inheritdoc />
    public string Channel => InteractionChannels.Email;

    /// <inheritdoc />
    public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (!EmailAddress.TryNormalize(message.Recipient, out var recipient, out var error))
        {
            EmailLog.InvalidRecipient(_logger, error);
            return ValueTask.FromResult(DeliveryResult.Failed(DeliveryFailureKind.Permanent, "The recipient is not a valid email address: " + error + "."));
        }

        // Keys are unique per tenant, so two tenants may use the same key for different messages.
        var gateKey = message.TenantId + "\n" + message.IdempotencyKey;
        return _gate.RunAsync(gateKey, token => SendNowAsync(message, recipient, token), cancellationToken);
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    public void Dispose() => _transport.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask<DeliveryResult> SendNowAsync(OutboundMessage message, string recipient, CancellationToken cancellationToken)
    {
        var email = _composer.Compose(message, recipient);
        var result = await _transport.SendAsync(message.TenantId, message.IdempotencyKey, email, cancellationToken).ConfigureAwait(false);
        if (result.IsDelivered)
        {
            EmailLog.Sent(_logger, email.MessageId, _transport.Name);
        }

        return result;
    }
}
