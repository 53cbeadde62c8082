namespace Crm.Engine.Channels;

/// <summary>An outbox message leased to one dispatcher until <paramref name="LeaseExpiresAt"/>.</summary>
/// <param name="Message">The message.</param>
/// <param name="LeaseExpiresAt">When another dispatcher may claim it if this one has not recorded an attempt.</param>
public sealed record ClaimedOutboxMessage(OutboxMessage Message, DateTimeOffset LeaseExpiresAt);
