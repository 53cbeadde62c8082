namespace Crm.Engine.Campaigns;

/// <summary>
/// Turns the store's per-variant counts into effectiveness: variants in the campaign's order (then any other variant
/// found, such as one removed by an edit), the total over all, each variant's share of the cost in proportion to its
/// messages sent (by its split while nothing was sent), and each variant tested against the first.
/// </summary>
internal static class CampaignEffectivenessCalculator
{
    public static CampaignEffectiveness Compute(Campaign campaign, IReadOnlyList<CampaignVariantCounts> counts)
    {
        var byName = counts.ToDictionary(c => c.Variant, StringComparer.Ordinal);
        var configured = campaign.EffectiveVariants();
        var ordered = configured.Select(v => byName.GetValueOrDefault(v.Name) ?? Empty(v.Name))
            .Concat(counts.Where(c => !configured.Any(v => v.Name == c.Variant)))
            .ToList();
        var total = ordered.Aggregate(Empty("total"), Add);
        var stats = ordered.Select(c => new CampaignVariantStats(c, CostShare(campaign, configured, c, total.Sent))).ToList();
        var tests = ordered.Count < 2 ? [] : ordered.Skip(1).Select(v => AbTest.Compare(ordered[0], v)).ToList();
        return new CampaignEffectiveness(campaign.Id, campaign.Currency, new CampaignVariantStats(total, campaign.Cost), stats, tests);
    }

    private static decimal CostShare(Campaign campaign, IReadOnlyList<CampaignVariant> configured, CampaignVariantCounts counts, long totalSent)
    {
        if (totalSent > 0)
        {
            return campaign.Cost * counts.Sent / totalSent;
        }

        var split = configured.FirstOrDefault(v => v.Name == counts.Variant)?.SplitPercent ?? 0;
        return campaign.Cost * split / 100;
    }

    private static CampaignVariantCounts Empty(string name) => new(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m);

    private static CampaignVariantCounts Add(CampaignVariantCounts a, CampaignVariantCounts b) => a with
    {
        Sent = a.Sent + b.Sent,
        Delivered = a.Delivered + b.Delivered,
        Failed = a.Failed + b.Failed,
        UniqueOpens = a.UniqueOpens + b.UniqueOpens,
        TotalOpens = a.TotalOpens + b.TotalOpens,
        UniqueClicks = a.UniqueClicks + b.UniqueClicks,
        TotalClicks = a.TotalClicks + b.TotalClicks,
        Replies = a.Replies + b.Replies,
        Unsubscribes = a.Unsubscribes + b.Unsubscribes,
        Conversions = a.Conversions + b.Conversions,
        Revenue = a.Revenue + b.Revenue,
    };
}
