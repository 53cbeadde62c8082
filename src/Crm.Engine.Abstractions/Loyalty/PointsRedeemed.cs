using Crm.Engine.Events;

namespace Crm.Engine.Loyalty;

/// <summary>Raised after points were redeemed.</summary>
/// <param name="Entry">The ledger entry (negative points).</param>
/// <param name="Before">The account before the redemption.</param>
/// <param name="After">The account after it.</param>
public sealed record PointsRedeemed(LoyaltyLedgerEntry Entry, LoyaltyAccount? Before, LoyaltyAccount After) : CrmEvent;
