namespace Crm.Engine.Sales;

/// <summary>Sales settings: the lead scoring model and BANT criteria, and what accepting a quote does to its deal.</summary>
public sealed class SalesOptions
{
    /// <summary>Gets or sets the lead scoring model (rules, half-life, threshold, trigger, BANT criteria) of every tenant without one of its own.</summary>
    public LeadScoringOptions LeadScoring { get; set; } = new();

    /// <summary>
    /// Gets the lead scoring models of tenants that score differently, by tenant id (compared exactly): such a tenant
    /// uses its model whole (rules, half-life, threshold, trigger and BANT criteria), not merged with <see cref="LeadScoring"/>.
    /// </summary>
    public IDictionary<string, LeadScoringOptions> TenantLeadScoring { get; } = new Dictionary<string, LeadScoringOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a value indicating whether accepting a quote also moves its deal to the pipeline's first won stage
    /// (through the same stage mover as every other stage move, in the acceptance's transaction). Default
    /// <see langword="true"/>; a deal already won stays where it is.
    /// </summary>
    public bool WinDealOnQuoteAcceptance { get; set; } = true;

    /// <summary>Gets the lead scoring model of a tenant: its own from <see cref="TenantLeadScoring"/>, otherwise <see cref="LeadScoring"/>.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The model.</returns>
    public LeadScoringOptions LeadScoringFor(string tenantId) =>
        TenantLeadScoring.TryGetValue(tenantId, out var own) ? own : LeadScoring;
}
