using Crm.Engine.Events;

namespace Crm.Engine.Loyalty;

/// <summary>Raised after a customer moved to another tier: up when qualifying points reached a threshold, down at a review.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="FromTier">The tier before, or <see langword="null"/> for none.</param>
/// <param name="ToTier">The tier after, or <see langword="null"/> for none.</param>
/// <param name="QualifyingPoints">The points earned in the qualification window that decided the move.</param>
/// <param name="Before">The account before the move.</param>
/// <param name="After">The account after it.</param>
public sealed record TierChanged(Guid CustomerId, string? FromTier, string? ToTier, long QualifyingPoints, LoyaltyAccount Before, LoyaltyAccount After) : CrmEvent;
