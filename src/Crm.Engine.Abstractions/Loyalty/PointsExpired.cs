using Crm.Engine.Events;

namespace Crm.Engine.Loyalty;

/// <summary>Raised after points reached the end of their lifetime and were taken off the balance.</summary>
/// <param name="Entry">The ledger entry (negative points).</param>
/// <param name="Before">The account before the expiry.</param>
/// <param name="After">The account after it.</param>
public sealed record PointsExpired(LoyaltyLedgerEntry Entry, LoyaltyAccount? Before, LoyaltyAccount After) : CrmEvent;
