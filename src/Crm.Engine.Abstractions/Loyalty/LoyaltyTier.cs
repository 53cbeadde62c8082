namespace Crm.Engine.Loyalty;

/// <summary>
/// Defines one tier of a program: the customer reaches it the moment their qualifying points reach
/// <see cref="Threshold"/>, and keeps it until the review <see cref="RequalificationPeriod"/> later.
/// </summary>
public sealed record LoyaltyTier
{
    /// <summary>Gets the tier's name, unique in the program (<c>Silver</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the qualifying points needed, inclusive; 0 for the tier every member starts in.</summary>
    public required long Threshold { get; init; }

    /// <summary>Gets what the tier gives, as display text or codes the application understands.</summary>
    public IReadOnlyList<string> Benefits { get; init; } = [];

    /// <summary>Gets how long the tier is held before the customer must qualify again; 0 or less for never reviewed.</summary>
    public TimeSpan RequalificationPeriod { get; init; } = TimeSpan.FromDays(365);
}
