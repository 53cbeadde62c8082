using Crm.Engine.Campaigns;

namespace Crm.Engine.Storage;

/// <summary>Campaign and recommendation stores of a session.</summary>
public partial interface IStorageSession
{
    /// <summary>Gets the store of campaigns, recipients, tracked events and the suppression list; writes join this session's transaction.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement campaigns.</exception>
    ICampaignStore Campaigns => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support campaigns (ICampaignStore). Implement it and prove it with CampaignStorageConformanceTests from Crm.Engine.Testing.");

    /// <summary>Gets the store of co-purchase association rules.</summary>
    /// <exception cref="NotSupportedException">The provider does not implement recommendations.</exception>
    IRecommendationStore Recommendations => throw new NotSupportedException(
        $"The storage provider's session '{GetType().Name}' does not support cross-sell recommendations (IRecommendationStore). Implement it and prove it with CampaignStorageConformanceTests from Crm.Engine.Testing.");
}
