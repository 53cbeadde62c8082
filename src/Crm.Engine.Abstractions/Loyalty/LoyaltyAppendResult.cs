namespace Crm.Engine.Loyalty;

/// <summary>The outcome of appending a ledger entry.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Entry">The stored entry (the existing one for a duplicate), or <see langword="null"/> when the balance was too low.</param>
/// <param name="Account">The account after the append, or as it is when nothing was appended (<see langword="null"/> when it does not exist).</param>
public sealed record LoyaltyAppendResult(LoyaltyAppendStatus Status, LoyaltyLedgerEntry? Entry, LoyaltyAccount? Account);
