namespace Crm.Engine.Campaigns;

/// <summary>The effectiveness of a campaign as a whole and per variant, with A/B tests of each variant against the first.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Currency">The currency of cost and revenue.</param>
/// <param name="Total">The campaign as a whole, at its full cost.</param>
/// <param name="Variants">Each variant, in the campaign's order, with its share of the cost.</param>
/// <param name="Tests">Each variant after the first tested against the first; empty without A/B variants.</param>
public sealed record CampaignEffectiveness(
    Guid CampaignId,
    string Currency,
    CampaignVariantStats Total,
    IReadOnlyList<CampaignVariantStats> Variants,
    IReadOnlyList<AbTestResult> Tests);
