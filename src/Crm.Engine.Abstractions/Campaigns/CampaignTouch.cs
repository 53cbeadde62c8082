namespace Crm.Engine.Campaigns;

/// <summary>The last campaign touch (delivery or click) of a customer within the campaign's attribution window.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Variant">The customer's variant.</param>
/// <param name="Currency">The campaign's currency.</param>
/// <param name="TouchedAt">When the touch happened.</param>
public sealed record CampaignTouch(Guid CampaignId, string Variant, string Currency, DateTimeOffset TouchedAt);
