namespace Crm.Engine.Analytics;

/// <summary>Interactions in the period per channel and direction.</summary>
/// <param name="Interactions">The counts, by channel then direction.</param>
public sealed record EngagementSection(IReadOnlyList<InteractionCount> Interactions);
