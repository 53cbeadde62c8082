namespace Crm.Engine.Analytics;

/// <summary>
/// Builds the funnel over customers' current lifecycle stage. A customer counts as having reached every step up to the
/// rank of their stage: stage history is not stored, so a customer now at Customer is taken to have passed Lead,
/// Qualified and Opportunity. Evangelist and Churned rank as Customer (both bought); Subscriber is outside the funnel.
/// </summary>
internal static class LifecycleFunnel
{
    private static readonly string[] Steps = ["Lead", "Qualified", "Opportunity", "Customer"];

    public static FunnelSection Build(IReadOnlyList<KeyedCount> countsByStage)
    {
        var reached = new long[Steps.Length];
        foreach (var count in countsByStage)
        {
            var rank = Enum.TryParse<LifecycleStage>(count.Key, out var stage) ? Rank(stage) : -1;
            for (var step = 0; step <= rank; step++)
            {
                reached[step] += count.Count;
            }
        }

        var steps = new List<FunnelStep>(Steps.Length);
        for (var i = 0; i < Steps.Length; i++)
        {
            decimal? fromPrevious = i == 0 || reached[i - 1] == 0 ? null : (decimal)reached[i] / reached[i - 1];
            steps.Add(new FunnelStep(Steps[i], reached[i], fromPrevious));
        }

        var conversion = KpiResult.Ratio(AnalyticsKpis.FunnelConversion, "reachedCustomer", reached[^1], "reachedLead", reached[0]);
        return new FunnelSection(FunnelSection.LifecycleSource, steps, conversion);
    }

    private static int Rank(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Subscriber => -1,
        LifecycleStage.Lead => 0,
        LifecycleStage.MarketingQualified or LifecycleStage.SalesQualified => 1,
        LifecycleStage.Opportunity => 2,
        _ => 3,
    };
}
