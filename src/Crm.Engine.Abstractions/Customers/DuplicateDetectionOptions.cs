namespace Crm.Engine;

/// <summary>
/// Tunes duplicate detection.
/// </summary>
public sealed record DuplicateDetectionOptions
{
    /// <summary>Gets the default options.</summary>
    public static DuplicateDetectionOptions Default { get; } = new();

    /// <summary>Gets the Jaro-Winkler similarity of the full name (and company, where both have one) at or above which two customers match.</summary>
    /// <value>The default is 0.92.</value>
    public double NameThreshold { get; init; } = 0.92;

    /// <summary>Gets whether equal normalized email addresses match.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchEmail { get; init; } = true;

    /// <summary>Gets whether equal normalized phone numbers match.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchPhone { get; init; } = true;

    /// <summary>Gets whether fuzzy name and company matching runs.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchName { get; init; } = true;

    /// <summary>Gets the largest blocking group compared pairwise; larger groups (very common keys) are skipped to bound the work.</summary>
    /// <value>The default is 500.</value>
    public int MaxBlockSize { get; init; } = 500;
}
