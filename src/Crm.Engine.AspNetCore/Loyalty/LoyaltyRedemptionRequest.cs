namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>The body of a redemption: points spent on a reward.</summary>
/// <param name="Points">The points to take, more than 0.</param>
/// <param name="Reason">Why, for the customer's statement (<c>Reward: free coffee</c>).</param>
/// <param name="IdempotencyKey">Makes the redemption happen once however often it is sent (a reward order id); else the <c>Idempotency-Key</c> header.</param>
/// <param name="SourceId">What caused it, if known.</param>
public sealed record LoyaltyRedemptionRequest(long Points, string? Reason, string? IdempotencyKey, string? SourceId);
