namespace Crm.Engine.Campaigns;

/// <summary>A customer a campaign was enqueued for: at most one per campaign, which makes resending safe.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Variant">The variant the customer was assigned.</param>
/// <param name="MessageId">The outbox message.</param>
/// <param name="QueuedAt">When it was enqueued.</param>
public sealed record CampaignRecipient(Guid CampaignId, Guid CustomerId, string Variant, Guid MessageId, DateTimeOffset QueuedAt);
