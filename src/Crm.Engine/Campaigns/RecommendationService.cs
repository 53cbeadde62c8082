using Crm.Engine.Security;

namespace Crm.Engine.Campaigns;

/// <summary>Implements cross-sell and upsell recommendations for one caller; the mining runs in the store.</summary>
internal sealed class RecommendationService(CrmEngine engine, CrmCaller caller) : IRecommendationService
{
    private const string Entity = "AssociationRules";

    public async Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions? options = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.SegmentsWrite);
        options ??= new AssociationRuleOptions();
        var errors = new ValidationErrors();
        if (options.MinSupport is < 0 or > 1 || double.IsNaN(options.MinSupport))
        {
            errors.Add("minSupport", $"must be between 0 and 1 (was {options.MinSupport}).", "range");
        }

        if (options.MinConfidence is < 0 or > 1 || double.IsNaN(options.MinConfidence))
        {
            errors.Add("minConfidence", $"must be between 0 and 1 (was {options.MinConfidence}).", "range");
        }

        if (options.MinPairCount < 1)
        {
            errors.Add("minPairCount", $"must be at least 1 (was {options.MinPairCount}).", "range");
        }

        errors.ThrowIfAny(Entity);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Recommendations.ComputeRulesAsync(options, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AssociationRule>> ListRulesAsync(string? antecedent = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.PurchasesRead);
        if (limit is < 1 or > 1000)
        {
            throw new CrmValidationException("limit", $"must be between 1 and 1000 (was {limit}).", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Recommendations.ListRulesAsync(antecedent, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ProductRecommendation>> RecommendAsync(Guid customerId, int limit = 5, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.PurchasesRead);
        if (limit is < 1 or > 100)
        {
            throw new CrmValidationException("limit", $"must be between 1 and 100 (was {limit}).", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Recommendations.RecommendAsync(customerId, limit, cancellationToken).ConfigureAwait(false);
        }
    }
}
