namespace Crm.Engine.Channels;

/// <summary>
/// Sends messages to customers over one channel (email, SMS, chat, social). Channel plugins implement it and register
/// it in their service collection; the engine calls it through the plugin guard, usually from the outbox.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the engine sends concurrently. They must honour the cancellation token (the
/// guard cancels it on timeout) and should be idempotent for the same <see cref="OutboundMessage.IdempotencyKey"/>,
/// because a message whose outcome was lost (a crash mid-send) is sent again with the same key. Report a refusal by
/// the provider as a <see cref="DeliveryResult"/>; throw only for bugs and unexpected faults, which count against
/// the plugin's health.
/// </remarks>
public interface IChannelAdapter
{
    /// <summary>Gets the channel this adapter serves, such as <see cref="InteractionChannels.Sms"/>.</summary>
    string Channel { get; }

    /// <summary>Sends one message to its recipient.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send when the caller gives up or the guard's timeout expires.</param>
    /// <returns>The provider's message id, or why the provider did not accept the message.</returns>
    ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
