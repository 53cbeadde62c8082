namespace Crm.Engine.Channels;

/// <summary>The record of one send attempt of an outbox message.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="Number">The attempt number, from 1.</param>
/// <param name="AttemptedAt">When the attempt started.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">The failure reason, when it failed; never personal data.</param>
/// <param name="ProviderMessageId">The provider's message id, when delivered.</param>
/// <param name="Duration">How long the attempt took.</param>
public sealed record OutboxAttempt(
    Guid MessageId,
    int Number,
    DateTimeOffset AttemptedAt,
    OutboxAttemptOutcome Outcome,
    string? Detail,
    string? ProviderMessageId,
    TimeSpan Duration);
