using Crm.Engine.Events;

namespace Crm.Engine.Loyalty;

/// <summary>Raised after points were added (an earning, a manual award, or a positive or negative adjustment).</summary>
/// <param name="Entry">The ledger entry.</param>
/// <param name="Before">The account before the entry, or <see langword="null"/> when it opened the account.</param>
/// <param name="After">The account after the entry.</param>
public sealed record PointsAwarded(LoyaltyLedgerEntry Entry, LoyaltyAccount? Before, LoyaltyAccount After) : CrmEvent;
