namespace Crm.Engine.Channels;

/// <summary>Where an outbox message is in its life.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be sent, or to be retried after a transient failure.</summary>
    Pending = 0,

    /// <summary>The channel accepted it; final.</summary>
    Delivered = 1,

    /// <summary>It failed permanently or ran out of attempts; final until an operator requeues it.</summary>
    DeadLettered = 2,

    /// <summary>It was not sent because the customer has not consented to the purpose on the channel; final.</summary>
    Suppressed = 3,

    /// <summary>It was cancelled before it was sent; final.</summary>
    Cancelled = 4,
}
