namespace Crm.Engine.Channels;

/// <summary>How one send attempt ended.</summary>
public enum OutboxAttemptOutcome
{
    /// <summary>The channel accepted the message.</summary>
    Delivered = 0,

    /// <summary>The channel reported a transient failure; the message is retried.</summary>
    TransientFailure = 1,

    /// <summary>The channel reported a permanent failure; the message is dead-lettered.</summary>
    PermanentFailure = 2,

    /// <summary>The adapter threw, timed out or was unavailable; treated as transient.</summary>
    Error = 3,

    /// <summary>No consent for the purpose on the channel: the message was not sent.</summary>
    Suppressed = 4,

    /// <summary>No adapter serves the channel (yet); treated as transient so a plugin dropped in later can send it.</summary>
    NoAdapter = 5,
}
