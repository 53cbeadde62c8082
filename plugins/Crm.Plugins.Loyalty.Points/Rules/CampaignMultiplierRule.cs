using System.Globalization;
using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Rules;

/// <summary>
/// Adds the extra points of the largest campaign multiplier that applies: with ×2 and 40 points from the rules before
/// it, 40 more. Runs after the other built-in rules, so it multiplies their sum.
/// </summary>
/// <param name="multipliers">The configured multipliers.</param>
internal sealed class CampaignMultiplierRule(IReadOnlyList<CampaignMultiplier> multipliers) : ILoyaltyRule
{
    public string Name => "campaign";

    public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context)
    {
        if (context.PointsSoFar <= 0)
        {
            return null;
        }

        CampaignMultiplier? best = null;
        foreach (var multiplier in multipliers)
        {
            if (multiplier.AppliesTo(earning.CampaignId, earning.OccurredAt) && (best is null || multiplier.Multiplier > best.Multiplier))
            {
                best = multiplier;
            }
        }

        if (best is null)
        {
            return null;
        }

        var extra = (long)decimal.Floor(context.PointsSoFar * (best.Multiplier - 1));
        return extra <= 0
            ? null
            : new LoyaltyAward(extra, string.Create(CultureInfo.InvariantCulture, $"x{best.Multiplier} {best.Name}"));
    }
}
