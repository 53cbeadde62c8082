namespace Crm.Engine.Channels;

/// <summary>
/// Turns a provider's webhook call (a chat message, a social mention, an email provider's callback) into inbound
/// messages. Channel plugins implement it; the host routes webhook requests to it by plugin id.
/// </summary>
/// <remarks>
/// The handler owns signature verification, because only it knows the provider's scheme: a request whose signature
/// does not verify must be answered with <see cref="InboundWebhookResult.Rejected"/> and
/// <see cref="InboundRejectionKind.InvalidSignature"/>, and the engine then records nothing from it. Malformed payloads
/// are rejected the same way with <see cref="InboundRejectionKind.Malformed"/>; do not throw for bad input.
/// </remarks>
public interface IInboundWebhookHandler
{
    /// <summary>Gets the channel the handler's messages belong to, such as <see cref="InteractionChannels.Chat"/>.</summary>
    string Channel { get; }

    /// <summary>Verifies and parses one webhook request.</summary>
    /// <param name="request">The request as received, body untouched (signatures are computed over the raw bytes).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The messages it carries, or why it was rejected.</returns>
    ValueTask<InboundWebhookResult> HandleAsync(InboundWebhookRequest request, CancellationToken cancellationToken);
}
