namespace Crm.Engine.Analytics;

/// <summary>Return on investment of the campaigns sent in the period, one row per campaign.</summary>
/// <param name="Campaigns">The campaigns, by send time, then name.</param>
public sealed record CampaignRoiSection(IReadOnlyList<CampaignRoi> Campaigns);

/// <summary>The return on investment of one campaign.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Name">The campaign's name.</param>
/// <param name="Currency">The campaign's currency, of <paramref name="Revenue"/> and <paramref name="Cost"/>.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Revenue">Revenue of the purchases attributed to the campaign (every variant, within its attribution window).</param>
/// <param name="Cost">The campaign's own cost (<c>Campaign.Cost</c>).</param>
/// <param name="Roi">(revenue − cost) ÷ cost; undefined when the cost is 0.</param>
public sealed record CampaignRoi(Guid CampaignId, string Name, string Currency, DateTimeOffset SentAt, decimal Revenue, decimal Cost, KpiResult Roi);
