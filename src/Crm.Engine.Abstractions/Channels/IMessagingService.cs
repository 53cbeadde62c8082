using Crm.Engine.Storage;

namespace Crm.Engine.Channels;

/// <summary>
/// Sends messages through the transactional outbox and receives inbound messages, for one caller. Obtained from
/// <see cref="ICrmContext.Messages"/>.
/// </summary>
public interface IMessagingService
{
    /// <summary>
    /// Renders (when a template is named) and enqueues a message. Inside <see cref="ICrmContext.TransactAsync"/> it
    /// commits or rolls back with the rest of the work; the dispatcher sends it after commit.
    /// </summary>
    /// <param name="request">The message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The enqueued message (the earlier one when the idempotency key was used before).</returns>
    /// <exception cref="CrmValidationException">The request is incomplete (no recipient, no body, unknown template field).</exception>
    /// <exception cref="CrmNotFoundException">The customer or template does not exist.</exception>
    Task<OutboxMessage> EnqueueAsync(MessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets an outbox message.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists outbox messages, newest first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page.</returns>
    Task<Page<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gets every send attempt of a message, oldest first.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The attempts.</returns>
    Task<IReadOnlyList<OutboxAttempt>> GetAttemptsAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Sends a dead-lettered message again.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no dead-lettered message has that id.</returns>
    Task<bool> RequeueAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending message that is not being sent.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when it is not pending or is being sent.</returns>
    Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an inbound message: matches the sender to a customer (email, phone, or the <c>&lt;channel&gt;Handle</c>
    /// attribute), creates a lead for an unknown sender, records an inbound interaction linked to the message it
    /// replies to, raises <see cref="Events.InteractionRecorded"/> and runs the auto-reply rules. A message already
    /// recorded (same channel and external id) is reported as a duplicate and changes nothing.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was recorded.</returns>
    /// <exception cref="CrmValidationException">The message lacks a channel, id, sender or body.</exception>
    Task<InboundResult> ReceiveAsync(InboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Passes a webhook request to the <see cref="IInboundWebhookHandler"/> registered under <paramref name="source"/>
    /// (a plugin id, or the channel name for handlers registered in code) and records the messages it accepts.
    /// A rejected request records nothing.
    /// </summary>
    /// <param name="source">The plugin id or channel the webhook is addressed to.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The handler's verdict and what was recorded.</returns>
    /// <exception cref="CrmNotFoundException">No webhook handler is registered under <paramref name="source"/>.</exception>
    Task<WebhookOutcome> HandleWebhookAsync(string source, InboundWebhookRequest request, CancellationToken cancellationToken = default);
}
