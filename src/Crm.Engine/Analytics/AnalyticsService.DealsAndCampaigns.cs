using Crm.Engine.Campaigns;
using Crm.Engine.Sales;
using Crm.Engine.Storage;

namespace Crm.Engine.Analytics;

/// <summary>The deal funnel (sales store) and campaign ROI (campaign store) sections.</summary>
internal sealed partial class AnalyticsService
{
    private const int CampaignPageSize = 500;

    public Task<FunnelSection> GetDealFunnelAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => DealFunnelAsync(session, q, cancellationToken), cancellationToken);

    public Task<CampaignRoiSection> GetCampaignRoiAsync(AnalyticsQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, (session, q) => CampaignRoiAsync(session, q, cancellationToken), cancellationToken);

    private static async Task<FunnelSection> DealFunnelAsync(IStorageSession session, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var counts = await session.Sales.CountLeadFunnelAsync(query.Period.From, query.Period.To, cancellationToken).ConfigureAwait(false);
        (string Name, long Reached)[] steps = [("Lead", counts.Leads), ("Qualified", counts.Qualified), ("Opportunity", counts.Opportunities), ("Won", counts.Won)];
        var funnelSteps = steps.Select((s, i) => new FunnelStep(s.Name, s.Reached, i == 0 || steps[i - 1].Reached == 0 ? null : (decimal)s.Reached / steps[i - 1].Reached)).ToList();
        var conversion = KpiResult.Ratio(AnalyticsKpis.DealConversion, "wonLeads", counts.Won, "leads", counts.Leads);
        return new FunnelSection(FunnelSection.DealSource, funnelSteps, conversion);
    }

    private static async Task<CampaignRoiSection> CampaignRoiAsync(IStorageSession session, AnalyticsQuery query, CancellationToken cancellationToken)
    {
        // Cost is the campaign's own Campaign.Cost, the figure the campaign's effectiveness report divides by too.
        // Acquisition costs booked with a CampaignId are not added: they feed CAC per channel, and a campaign's cost
        // recorded in both places would be counted twice. Revenue is the store's attributed revenue over all variants.
        var sent = new List<Campaign>();
        var page = new PageRequest(CampaignPageSize);
        while (true)
        {
            var campaigns = await session.Campaigns.ListAsync(page, cancellationToken).ConfigureAwait(false);
            sent.AddRange(campaigns.Items.Where(c => c.SentAt is { } at && at >= query.Period.From && at < query.Period.To));
            if (campaigns.ContinuationToken is not { } next)
            {
                break;
            }

            page = new PageRequest(CampaignPageSize, next);
        }

        var rows = new List<CampaignRoi>(sent.Count);
        foreach (var campaign in sent.OrderBy(c => c.SentAt).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var counts = await session.Campaigns.CountByVariantAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
            var revenue = counts.Sum(c => c.Revenue);
            var inputs = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["revenue"] = revenue, ["cost"] = campaign.Cost };
            var roi = campaign.Cost == 0
                ? new KpiResult(AnalyticsKpis.CampaignRoi, null, inputs, "cost is 0")
                : new KpiResult(AnalyticsKpis.CampaignRoi, (revenue - campaign.Cost) / campaign.Cost, inputs, null);
            rows.Add(new CampaignRoi(campaign.Id, campaign.Name, campaign.Currency, campaign.SentAt!.Value, revenue, campaign.Cost, roi));
        }

        return new CampaignRoiSection(rows);
    }
}
