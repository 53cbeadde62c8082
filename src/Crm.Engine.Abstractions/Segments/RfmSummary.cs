namespace Crm.Engine;

/// <summary>
/// Summarizes an RFM run: how many buyers were scored and how many fell into each named segment.
/// </summary>
/// <param name="ComputedAt">The instant recency was measured from.</param>
/// <param name="CustomersScored">Customers with at least one purchase.</param>
/// <param name="SegmentCounts">Customers per segment name; segments without members are listed with 0.</param>
public sealed record RfmSummary(DateTimeOffset ComputedAt, long CustomersScored, IReadOnlyDictionary<string, long> SegmentCounts);
