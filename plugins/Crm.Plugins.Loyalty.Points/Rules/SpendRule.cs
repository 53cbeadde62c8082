using System.Globalization;
using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Rules;

/// <summary>Awards points per whole currency unit spent on a purchase, rounding down.</summary>
/// <param name="pointsPerUnit">Points per currency unit.</param>
/// <param name="currency">The only currency that earns, or <see langword="null"/> for any.</param>
internal sealed class SpendRule(decimal pointsPerUnit, string? currency) : ILoyaltyRule
{
    public string Name => "spend";

    public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context)
    {
        if (!string.Equals(earning.Kind, LoyaltyEarningKinds.Purchase, StringComparison.Ordinal) || earning.Amount is not > 0)
        {
            return null;
        }

        if (currency is not null && !string.Equals(currency, earning.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var points = (long)decimal.Floor(earning.Amount.Value * pointsPerUnit);
        return points <= 0
            ? null
            : new LoyaltyAward(points, string.Create(CultureInfo.InvariantCulture, $"{pointsPerUnit} point(s) per {earning.Currency} 1 spent: {earning.Amount.Value:0.00} {earning.Currency}"));
    }
}
