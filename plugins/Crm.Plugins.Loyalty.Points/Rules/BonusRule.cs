using Crm.Engine.Loyalty;

namespace Crm.Plugins.Loyalty.Points.Rules;

/// <summary>Awards a fixed bonus for one kind of earning event: birthdays (once a year) and referrals.</summary>
/// <param name="name">The rule's name.</param>
/// <param name="kind">The earning kind it answers.</param>
/// <param name="points">The bonus.</param>
/// <param name="reason">The reason written on the entry.</param>
internal sealed class BonusRule(string name, string kind, long points, string reason) : ILoyaltyRule
{
    public string Name => name;

    public LoyaltyAward? Evaluate(LoyaltyEarningEvent earning, LoyaltyRuleContext context) =>
        points > 0 && string.Equals(earning.Kind, kind, StringComparison.Ordinal) ? new LoyaltyAward(points, reason) : null;

    public static BonusRule Birthday(long points) => new("birthday", LoyaltyEarningKinds.Birthday, points, "Birthday bonus");

    public static BonusRule Referral(long points) => new("referral", LoyaltyEarningKinds.Referral, points, "Referral bonus");
}
