namespace Crm.Engine;

/// <summary>The campaign and recommendation services of a context.</summary>
internal sealed partial class CrmContext
{
    private Campaigns.ICampaignService? _campaigns;
    private Campaigns.IRecommendationService? _recommendations;

    public Campaigns.ICampaignService Campaigns => _campaigns ??= new Campaigns.CampaignService(engine, Caller, this);

    public Campaigns.IRecommendationService Recommendations => _recommendations ??= new Campaigns.RecommendationService(engine, Caller);
}
