using Crm.Engine.Loyalty;

namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>The answer to a redemption or posting: the entries appended and the balance after them.</summary>
/// <param name="Entries">The entries appended; empty for a repeated idempotency key.</param>
/// <param name="Balance">The account after the operation.</param>
/// <param name="Duplicate">Whether the idempotency key was already used (nothing was written; the answer is 200, not 201).</param>
public sealed record LoyaltyPostingResult(IReadOnlyList<LoyaltyLedgerEntry> Entries, LoyaltyBalance Balance, bool Duplicate);
