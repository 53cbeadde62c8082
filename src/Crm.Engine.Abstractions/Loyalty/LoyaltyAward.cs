namespace Crm.Engine.Loyalty;

/// <summary>What a rule awards for an earning event.</summary>
/// <param name="Points">The points, more than zero.</param>
/// <param name="Reason">Why, for the customer's statement.</param>
public sealed record LoyaltyAward(long Points, string Reason);
