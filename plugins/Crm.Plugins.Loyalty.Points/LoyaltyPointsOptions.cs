using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>Configures the points program.</summary>
public sealed class LoyaltyPointsOptions
{
    /// <summary>Gets or sets the program's display name.</summary>
    public string ProgramName { get; set; } = "Points";

    /// <summary>Gets or sets the points per whole currency unit spent; fractions of a point are dropped.</summary>
    public decimal PointsPerCurrencyUnit { get; set; } = 1m;

    /// <summary>Gets or sets the only ISO 4217 currency that earns, or <see langword="null"/> for every currency.</summary>
    public string? Currency { get; set; }

    /// <summary>Gets or sets the points for a birthday (once a year); 0 turns the rule off.</summary>
    public long BirthdayBonus { get; set; }

    /// <summary>Gets or sets the points for each referral; 0 turns the rule off.</summary>
    public long ReferralBonus { get; set; }

    /// <summary>Gets or sets whether recorded purchases award points (the <c>PurchaseRecorded</c> handler).</summary>
    public bool AwardOnPurchase { get; set; } = true;

    /// <summary>Gets or sets the window over which earned points count towards tiers.</summary>
    public TimeSpan QualificationWindow { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets how long earned points stay spendable; <see langword="null"/> for never.</summary>
    public TimeSpan? PointsLifetime { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Gets the tiers, in any order; thresholds and names must be unique.</summary>
    public IList<LoyaltyTier> Tiers { get; } = [];

    /// <summary>Gets the campaign multipliers; when several apply, the largest wins.</summary>
    public IList<CampaignMultiplier> CampaignMultipliers { get; } = [];

    /// <summary>Builds the program definition these options describe.</summary>
    /// <returns>The definition, tiers in ascending threshold order.</returns>
    public LoyaltyProgramDefinition ToDefinition() => new()
    {
        Name = ProgramName,
        Tiers = [.. Tiers.OrderBy(t => t.Threshold)],
        QualificationWindow = QualificationWindow,
        PointsLifetime = PointsLifetime,
    };

    /// <summary>Copies the options, so later changes to this instance do not reach a running program.</summary>
    /// <returns>The copy.</returns>
    public LoyaltyPointsOptions Clone()
    {
        var copy = new LoyaltyPointsOptions
        {
            ProgramName = ProgramName,
            PointsPerCurrencyUnit = PointsPerCurrencyUnit,
            Currency = Currency,
            BirthdayBonus = BirthdayBonus,
            ReferralBonus = ReferralBonus,
            AwardOnPurchase = AwardOnPurchase,
            QualificationWindow = QualificationWindow,
            PointsLifetime = PointsLifetime,
        };
        foreach (var tier in Tiers)
        {
            copy.Tiers.Add(tier);
        }

        foreach (var multiplier in CampaignMultipliers)
        {
            copy.CampaignMultipliers.Add(multiplier);
        }

        return copy;
    }
}
