using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Mines and stores co-purchase association rules in the database and answers next-best-product queries from them.
/// Reached through <see cref="IStorageSession.Recommendations"/>.
/// </summary>
public interface IRecommendationStore
{
    /// <summary>
    /// Replaces the stored rules with those of the tenant's purchases, counted in the database (distinct SKUs per
    /// purchase, pairs within a purchase), never by loading purchase lines.
    /// </summary>
    /// <param name="options">The thresholds.</param>
    /// <param name="computedAt">The time stamped on the rules.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was computed.</returns>
    Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions options, DateTimeOffset computedAt, CancellationToken cancellationToken);

    /// <summary>Lists stored rules by lift, then confidence, descending (then antecedent and consequent ascending).</summary>
    /// <param name="antecedent">Only rules from this SKU; all when <see langword="null"/>.</param>
    /// <param name="limit">The most rules.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules.</returns>
    Task<IReadOnlyList<AssociationRule>> ListRulesAsync(string? antecedent, int limit, CancellationToken cancellationToken);

    /// <summary>Recommends consequents of the customer's purchased SKUs that the customer has not bought, best rule first.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="limit">The most products.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The recommendations.</returns>
    Task<IReadOnlyList<ProductRecommendation>> RecommendAsync(Guid customerId, int limit, CancellationToken cancellationToken);
}
