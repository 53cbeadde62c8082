namespace Crm.Engine;

/// <summary>
/// Saves a segment: a name and a condition (JSON) over the customer fields, custom fields, behavioural aggregates
/// and RFM scores of <see cref="Conditions.SegmentFields"/>. Membership is evaluated on demand.
/// </summary>
/// <param name="Name">The unique name within the tenant.</param>
/// <param name="ConditionJson">The condition as JSON.</param>
public sealed record SegmentDefinition(string Name, string ConditionJson)
{
    /// <summary>Gets a description for people.</summary>
    public string? Description { get; init; }

    /// <summary>Gets when the definition was first saved.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the definition was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
