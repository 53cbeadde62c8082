using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>The plugin's settings as they appear in <c>settings.json</c> or the host's options (see <c>plugin.json</c>).</summary>
internal sealed class LoyaltyPointsPluginSettings
{
    public string? ProgramName { get; set; }

    public decimal? PointsPerCurrencyUnit { get; set; }

    public string? Currency { get; set; }

    public long? BirthdayBonus { get; set; }

    public long? ReferralBonus { get; set; }

    public bool? AwardOnPurchase { get; set; }

    public int? QualificationWindowDays { get; set; }

    // Null means "never expire", so absence is told apart by a flag set when the JSON carries the property.
    public int? PointsLifetimeDays
    {
        get => _pointsLifetimeDays;
        set
        {
            _pointsLifetimeDays = value;
            PointsLifetimeDaysSet = true;
        }
    }

    public List<TierSettings>? Tiers { get; set; }

    public List<CampaignSettings>? CampaignMultipliers { get; set; }

    internal bool PointsLifetimeDaysSet { get; private set; }

    private int? _pointsLifetimeDays;

    public void ApplyTo(LoyaltyPointsOptions options)
    {
        options.ProgramName = ProgramName ?? options.ProgramName;
        options.PointsPerCurrencyUnit = PointsPerCurrencyUnit ?? options.PointsPerCurrencyUnit;
        options.Currency = Currency ?? options.Currency;
        options.BirthdayBonus = BirthdayBonus ?? options.BirthdayBonus;
        options.ReferralBonus = ReferralBonus ?? options.ReferralBonus;
        options.AwardOnPurchase = AwardOnPurchase ?? options.AwardOnPurchase;
        if (QualificationWindowDays is { } window)
        {
            options.QualificationWindow = TimeSpan.FromDays(window);
        }

        if (PointsLifetimeDaysSet)
        {
            options.PointsLifetime = PointsLifetimeDays is { } days ? TimeSpan.FromDays(days) : null;
        }

        foreach (var tier in Tiers ?? [])
        {
            options.Tiers.Add(new LoyaltyTier
            {
                Name = tier.Name ?? "",
                Threshold = tier.Threshold,
                Benefits = tier.Benefits ?? [],
                RequalificationPeriod = TimeSpan.FromDays(tier.RequalificationDays ?? 365),
            });
        }

        foreach (var campaign in CampaignMultipliers ?? [])
        {
            options.CampaignMultipliers.Add(new CampaignMultiplier
            {
                Name = campaign.Name ?? "",
                CampaignId = campaign.CampaignId,
                Multiplier = campaign.Multiplier,
                From = campaign.From,
                Until = campaign.Until,
            });
        }
    }

    internal sealed class TierSettings
    {
        public string? Name { get; set; }

        public long Threshold { get; set; }

        public List<string>? Benefits { get; set; }

        public int? RequalificationDays { get; set; }
    }

    internal sealed class CampaignSettings
    {
        public string? Name { get; set; }

        public Guid? CampaignId { get; set; }

        public decimal Multiplier { get; set; }

        public DateTimeOffset? From { get; set; }

        public DateTimeOffset? Until { get; set; }
    }
}
