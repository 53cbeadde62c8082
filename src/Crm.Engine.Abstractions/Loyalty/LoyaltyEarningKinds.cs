namespace Crm.Engine.Loyalty;

/// <summary>Names the earning events the built-in rules understand; rules may define their own kinds.</summary>
public static class LoyaltyEarningKinds
{
    /// <summary>A purchase was recorded; <see cref="LoyaltyEarningEvent.Amount"/> and <see cref="LoyaltyEarningEvent.Currency"/> are set.</summary>
    public const string Purchase = "purchase";

    /// <summary>The customer's birthday; <see cref="LoyaltyEarningEvent.SourceId"/> carries the year, so it awards once a year.</summary>
    public const string Birthday = "birthday";

    /// <summary>The customer referred someone; <see cref="LoyaltyEarningEvent.SourceId"/> names the referred customer.</summary>
    public const string Referral = "referral";
}
