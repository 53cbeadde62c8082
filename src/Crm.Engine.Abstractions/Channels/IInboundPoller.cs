namespace Crm.Engine.Channels;

/// <summary>
/// Fetches inbound messages from a provider that has no webhooks (a mailbox, a social network's notifications). The
/// engine calls it on a schedule per tenant and persists the returned cursor only after the messages are recorded, so
/// a crash between the two re-delivers messages (which the engine deduplicates) rather than losing them.
/// </summary>
public interface IInboundPoller
{
    /// <summary>Gets the channel the poller's messages belong to.</summary>
    string Channel { get; }

    /// <summary>Gets how long the engine waits between polls of one tenant.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Fetches the messages that arrived after <paramref name="cursor"/>.</summary>
    /// <param name="tenantId">The tenant being polled.</param>
    /// <param name="cursor">The cursor the previous poll returned, or <see langword="null"/> on the first poll.</param>
    /// <param name="cancellationToken">Cancels the poll.</param>
    /// <returns>The new messages (oldest first) and the cursor to pass next time.</returns>
    ValueTask<InboundPollResult> PollAsync(string tenantId, string? cursor, CancellationToken cancellationToken);
}
