namespace Crm.Engine.Channels;

/// <summary>
/// Tells the engine whether a failed send is worth retrying.
/// </summary>
public enum DeliveryFailureKind
{
    /// <summary>The message was delivered; there is no failure.</summary>
    None = 0,

    /// <summary>The send may succeed later (provider unavailable, throttled, timed out): the outbox retries with backoff.</summary>
    Transient = 1,

    /// <summary>The send cannot succeed (invalid recipient, rejected content, unsubscribed): the outbox gives up.</summary>
    Permanent = 2,
}
