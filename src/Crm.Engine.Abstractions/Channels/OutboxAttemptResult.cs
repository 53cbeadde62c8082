namespace Crm.Engine.Channels;

/// <summary>
/// What the dispatcher stores after one attempt: the attempt itself and the message's new state. A provider applies it
/// only while the dispatcher still holds the lease it claimed the message with.
/// </summary>
/// <param name="Attempt">The attempt to append.</param>
/// <param name="LeaseOwner">The dispatcher instance that claimed the message.</param>
/// <param name="Status">The message's new status.</param>
/// <param name="NextAttemptAt">When the next attempt is due (kept for final statuses).</param>
/// <param name="InteractionId">The interaction recording the outcome, for final statuses.</param>
public sealed record OutboxAttemptResult(
    OutboxAttempt Attempt,
    string LeaseOwner,
    OutboxStatus Status,
    DateTimeOffset NextAttemptAt,
    Guid? InteractionId);
