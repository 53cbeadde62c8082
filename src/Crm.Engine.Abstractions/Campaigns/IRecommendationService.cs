namespace Crm.Engine.Campaigns;

/// <summary>
/// Cross-sell and upsell from co-purchase association rules over purchase history. Obtained from
/// <see cref="ICrmContext.Recommendations"/>.
/// </summary>
public interface IRecommendationService
{
    /// <summary>Mines the association rules of the tenant's purchases in the store (SQL) and replaces the stored rules.</summary>
    /// <param name="options">The thresholds; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the work; the earlier rules stay.</param>
    /// <returns>What was computed.</returns>
    /// <exception cref="CrmValidationException">A threshold is out of range.</exception>
    Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Lists stored rules, strongest (lift, then confidence) first.</summary>
    /// <param name="antecedent">Only rules from this SKU; all when <see langword="null"/>.</param>
    /// <param name="limit">The most rules returned (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The rules.</returns>
    Task<IReadOnlyList<AssociationRule>> ListRulesAsync(string? antecedent = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recommends the next best products for a customer: consequents of stored rules whose antecedents the customer
    /// bought, excluding what the customer already bought, by highest lift then confidence.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="limit">The most products (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The recommendations, best first; empty for a customer without purchases or without rules.</returns>
    Task<IReadOnlyList<ProductRecommendation>> RecommendAsync(Guid customerId, int limit = 5, CancellationToken cancellationToken = default);
}
