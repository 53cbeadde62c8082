using Crm.Engine.Loyalty;

namespace Crm.Engine.AspNetCore.Loyalty;

/// <summary>A customer's loyalty account as the API shows it; a customer who never earned has a zero balance and no tier.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Program">The installed program's name.</param>
/// <param name="Balance">The points available.</param>
/// <param name="LifetimePoints">Every point ever earned or added by a positive adjustment.</param>
/// <param name="Tier">The current tier, or <see langword="null"/>.</param>
/// <param name="TierSince">When the customer reached the tier.</param>
/// <param name="TierReviewAt">When the tier is reviewed.</param>
/// <param name="EntryCount">The number of ledger entries.</param>
/// <param name="OpenedAt">When the account was opened, or <see langword="null"/> when the customer never earned.</param>
/// <param name="UpdatedAt">When the account last changed, or <see langword="null"/> when the customer never earned.</param>
public sealed record LoyaltyBalance(
    Guid CustomerId,
    string Program,
    long Balance,
    long LifetimePoints,
    string? Tier,
    DateTimeOffset? TierSince,
    DateTimeOffset? TierReviewAt,
    long EntryCount,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? UpdatedAt)
{
    internal static LoyaltyBalance From(Guid customerId, string program, LoyaltyAccount? account) => account is null
        ? new LoyaltyBalance(customerId, program, 0, 0, null, null, null, 0, null, null)
        : new LoyaltyBalance(customerId, program, account.Balance, account.LifetimePositive, account.Tier, account.TierSince, account.TierReviewAt,
            account.EntryCount, account.OpenedAt, account.UpdatedAt);
}
