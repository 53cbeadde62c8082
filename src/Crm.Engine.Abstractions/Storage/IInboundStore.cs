namespace Crm.Engine.Storage;

/// <summary>
/// Remembers, per tenant, which inbound messages were recorded and how far each poller has read, so a webhook retried
/// by the provider or a poll repeated after a crash never records a message twice.
/// </summary>
public interface IInboundStore
{
    /// <summary>Records that an inbound message was turned into an interaction, unless it already was.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="externalId">The provider's message id.</param>
    /// <param name="interactionId">The interaction recorded for it.</param>
    /// <param name="receivedAt">When it was received.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="false"/> when the (channel, id) pair was already recorded; nothing was written.</returns>
    Task<bool> TryRecordReceiptAsync(string channel, string externalId, Guid interactionId, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Gets the interaction recorded for an inbound message.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="externalId">The provider's message id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The interaction id, or <see langword="null"/> when the message was never recorded.</returns>
    Task<Guid?> FindReceiptAsync(string channel, string externalId, CancellationToken cancellationToken);

    /// <summary>Gets a poller's cursor.</summary>
    /// <param name="source">The poller's key (plugin id and channel).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The cursor, or <see langword="null"/> before the first successful poll.</returns>
    Task<string?> GetCursorAsync(string source, CancellationToken cancellationToken);

    /// <summary>Stores a poller's cursor.</summary>
    /// <param name="source">The poller's key.</param>
    /// <param name="cursor">The cursor.</param>
    /// <param name="updatedAt">The current time.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when stored.</returns>
    Task SetCursorAsync(string source, string cursor, DateTimeOffset updatedAt, CancellationToken cancellationToken);
}
