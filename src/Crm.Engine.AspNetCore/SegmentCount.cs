namespace Crm.Engine.AspNetCore;

/// <summary>How many customers a saved segment holds now.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="Count">The number of members.</param>
public sealed record SegmentCount(string Segment, long Count);
