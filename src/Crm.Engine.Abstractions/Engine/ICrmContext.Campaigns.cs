namespace Crm.Engine;

/// <summary>Campaign and cross-sell services of a context.</summary>
public partial interface ICrmContext
{
    /// <summary>Gets campaigns: audiences, A/B variants, sending through the outbox, the suppression list, effectiveness.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates campaigns.</exception>
    Campaigns.ICampaignService Campaigns => throw NotSupported(nameof(Campaigns));

    /// <summary>Gets cross-sell and upsell recommendations from co-purchase association rules.</summary>
    /// <exception cref="NotSupportedException">The context implementation predates recommendations.</exception>
    Campaigns.IRecommendationService Recommendations => throw NotSupported(nameof(Recommendations));
}
