namespace Crm.Engine.Campaigns;

/// <summary>How a campaign's audience breaks down, computed in one pass by the store.</summary>
/// <param name="Members">Customers matching the segment or condition.</param>
/// <param name="WithoutConsent">Members without consent for the campaign's channel and purpose.</param>
/// <param name="Suppressed">Members with consent whose customer or address is suppressed.</param>
/// <param name="AlreadyMessaged">Eligible members the campaign was already enqueued for.</param>
/// <param name="Eligible">Members the next send enqueues (those with an address for the channel).</param>
public sealed record CampaignAudienceCounts(long Members, long WithoutConsent, long Suppressed, long AlreadyMessaged, long Eligible);
