namespace Crm.Engine.Loyalty;

/// <summary>Describes an installed loyalty program: its tiers and the lifetime of points.</summary>
public sealed record LoyaltyProgramDefinition
{
    /// <summary>Gets the program's display name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the tiers in ascending threshold order; empty for a program without tiers.</summary>
    public IReadOnlyList<LoyaltyTier> Tiers { get; init; } = [];

    /// <summary>Gets the window over which earned points count towards a tier (points earned in the last 12 months).</summary>
    public TimeSpan QualificationWindow { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Gets how long earned points stay spendable; <see langword="null"/> for points that never expire.</summary>
    public TimeSpan? PointsLifetime { get; init; } = TimeSpan.FromDays(730);

    /// <summary>Finds the highest tier whose threshold <paramref name="qualifyingPoints"/> reaches.</summary>
    /// <param name="qualifyingPoints">The points earned in the qualification window.</param>
    /// <returns>The tier, or <see langword="null"/> when none is reached.</returns>
    public LoyaltyTier? TierFor(long qualifyingPoints)
    {
        LoyaltyTier? reached = null;
        foreach (var tier in Tiers)
        {
            if (qualifyingPoints >= tier.Threshold && (reached is null || tier.Threshold >= reached.Threshold))
            {
                reached = tier;
            }
        }

        return reached;
    }

    /// <summary>Gets the rank of a tier by name: its position in ascending threshold order, or -1 for none.</summary>
    /// <param name="tierName">The tier's name, or <see langword="null"/>.</param>
    /// <returns>The rank.</returns>
    public int RankOf(string? tierName)
    {
        if (tierName is null)
        {
            return -1;
        }

        var ordered = Tiers.OrderBy(t => t.Threshold).ToList();
        return ordered.FindIndex(t => string.Equals(t.Name, tierName, StringComparison.Ordinal));
    }
}
