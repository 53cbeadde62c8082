namespace Crm.Engine.Campaigns;

/// <summary>
/// The effectiveness of a campaign or of one variant. Rates are shares of delivered messages (0 when nothing was
/// delivered); the conversion rate is conversions over delivered.
/// </summary>
/// <param name="Counts">The raw counts.</param>
/// <param name="Cost">The cost attributed: the campaign's cost, split by the variants' share of sent messages.</param>
public sealed record CampaignVariantStats(CampaignVariantCounts Counts, decimal Cost)
{
    /// <summary>Gets unique opens over delivered.</summary>
    public double OpenRate => Rate(Counts.UniqueOpens);

    /// <summary>Gets unique clicks over delivered.</summary>
    public double ClickRate => Rate(Counts.UniqueClicks);

    /// <summary>Gets replies over delivered.</summary>
    public double ReplyRate => Rate(Counts.Replies);

    /// <summary>Gets unsubscribes over delivered.</summary>
    public double UnsubscribeRate => Rate(Counts.Unsubscribes);

    /// <summary>Gets conversions over delivered.</summary>
    public double ConversionRate => Rate(Counts.Conversions);

    /// <summary>
    /// Gets the return on investment, (revenue − cost) / cost; <see langword="null"/> when the cost is zero, where it
    /// is undefined.
    /// </summary>
    public decimal? Roi => Cost == 0 ? null : (Counts.Revenue - Cost) / Cost;

    private double Rate(long count) => Counts.Delivered == 0 ? 0 : (double)count / Counts.Delivered;
}
