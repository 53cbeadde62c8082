namespace Crm.Engine.Campaigns;

/// <summary>What dispatch did with one pending recipient.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Status">Queued or skipped.</param>
/// <param name="MessageId">The outbox message when queued.</param>
/// <param name="At">When.</param>
public sealed record CampaignRecipientOutcome(Guid CustomerId, CampaignRecipientStatus Status, Guid? MessageId, DateTimeOffset At);
