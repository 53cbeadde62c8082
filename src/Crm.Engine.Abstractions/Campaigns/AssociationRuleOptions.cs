namespace Crm.Engine.Campaigns;

/// <summary>Thresholds of association rule mining.</summary>
public sealed record AssociationRuleOptions
{
    /// <summary>Gets the least support a rule needs (0 to 1); default 0.001.</summary>
    public double MinSupport { get; init; } = 0.001;

    /// <summary>Gets the least confidence a rule needs (0 to 1); default 0.1.</summary>
    public double MinConfidence { get; init; } = 0.1;

    /// <summary>Gets the least number of purchases holding the pair (guards against rules from one purchase); default 2.</summary>
    public int MinPairCount { get; init; } = 2;

    /// <summary>Gets the purchases considered: those made at or after this time; all when <see langword="null"/>.</summary>
    public DateTimeOffset? Since { get; init; }
}
