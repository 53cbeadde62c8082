using Crm.Engine.Loyalty;

namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>The body of a direct posting: a manual award (<c>Earn</c>), a redemption (<c>Redeem</c>) or a correction (<c>Adjust</c>).</summary>
/// <param name="Kind">The kind; <c>Expire</c> is refused (the program writes expiries).</param>
/// <param name="Points">More than 0 for awards and redemptions; signed, not 0, for adjustments.</param>
/// <param name="Reason">Why, for the customer's statement.</param>
/// <param name="IdempotencyKey">Makes the posting happen once however often it is sent; else the <c>Idempotency-Key</c> header.</param>
/// <param name="SourceId">What caused it, if known.</param>
public sealed record LoyaltyPostingRequest(LoyaltyEntryKind Kind, long Points, string? Reason, string? IdempotencyKey, string? SourceId);
