namespace Crm.Engine.Sales;

/// <summary>Engine-wide sales settings: the lead scoring model and BANT criteria.</summary>
public sealed class SalesOptions
{
    /// <summary>Gets or sets the lead scoring model (rules, half-life, threshold, trigger, BANT criteria).</summary>
    public LeadScoringOptions LeadScoring { get; set; } = new();
}
