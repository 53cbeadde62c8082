using Crm.Engine.Channels;

namespace Crm.Engine.Storage;

/// <summary>
/// Stores the transactional outbox of one tenant. Obtained from <see cref="IStorageSession.Outbox"/>, so an enqueue
/// joins the session's transaction and commits or rolls back with the business change that caused it.
/// </summary>
/// <remarks>Prove an implementation with <c>OutboxStorageConformanceTests</c> from <c>Crm.Engine.Testing</c>.</remarks>
public interface IOutboxStore
{
    /// <summary>
    /// Adds a message. If the tenant already has a message with the same <see cref="OutboxMessage.IdempotencyKey"/>,
    /// nothing is written and the existing message is returned.
    /// </summary>
    /// <param name="message">The message, with its id, status <see cref="OutboxStatus.Pending"/> and timestamps set.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored message (the earlier one when the key was already used).</returns>
    Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Adds several messages at once, each deduplicated by <see cref="OutboxMessage.IdempotencyKey"/> as
    /// <see cref="EnqueueAsync"/> does (a later message with a key used earlier in the same call also gets the earlier
    /// one). All or nothing: when one message is refused, none of them is stored.
    /// </summary>
    /// <remarks>
    /// The default implementation enqueues one message after the other inside a transaction the caller should hold.
    /// Providers override it to reuse one prepared statement (or one round trip) for the whole batch, which is what
    /// makes a campaign send of 100,000 messages fast.
    /// </remarks>
    /// <param name="messages">The messages, each with its id, status <see cref="OutboxStatus.Pending"/> and timestamps set.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The stored messages in the order given (the earlier one where a key was already used).</returns>
    async Task<IReadOnlyList<OutboxMessage>> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var stored = new OutboxMessage[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            stored[i] = await EnqueueAsync(messages[i], cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Gets a message by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The message, or <see langword="null"/> when the tenant has none with that id.</returns>
    Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Gets a message by idempotency key.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    Task<OutboxMessage?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Lists messages, newest first.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One page of messages.</returns>
    Task<Page<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Appends an attempt and moves the message to its new state, clearing the lease, but only while
    /// <see cref="OutboxAttemptResult.LeaseOwner"/> still holds the lease and the message is pending.
    /// </summary>
    /// <param name="result">The attempt and the new state.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when the lease was lost (expired and taken, or the message is no longer pending): nothing was written.</returns>
    Task<bool> RecordAttemptAsync(OutboxAttemptResult result, CancellationToken cancellationToken);

    /// <summary>Gets every attempt of a message, oldest first.</summary>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The attempts.</returns>
    Task<IReadOnlyList<OutboxAttempt>> GetAttemptsAsync(Guid messageId, CancellationToken cancellationToken);

    /// <summary>Moves a dead-lettered message back to pending, due at <paramref name="now"/>, keeping its attempt history.</summary>
    /// <param name="id">The message.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no dead-lettered message has that id.</returns>
    Task<bool> RequeueAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Cancels a pending message that no dispatcher holds a live lease on.</summary>
    /// <param name="id">The message.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when no such pending, unleased message exists.</returns>
    Task<bool> CancelAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);
}
