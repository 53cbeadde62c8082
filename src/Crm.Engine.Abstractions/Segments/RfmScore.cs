namespace Crm.Engine;

/// <summary>
/// Holds one customer's RFM scores: quintiles 1 (worst) to 5 (best) of recency, frequency and monetary value, and the named segment.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Recency">5 for the most recent fifth of buyers.</param>
/// <param name="Frequency">5 for the fifth with the most purchases.</param>
/// <param name="Monetary">5 for the fifth with the highest total spend.</param>
/// <param name="Segment">The named segment from <see cref="RfmSegments.Classify"/>.</param>
/// <param name="ComputedAt">The instant recency was measured from.</param>
public sealed record RfmScore(Guid CustomerId, int Recency, int Frequency, int Monetary, string Segment, DateTimeOffset ComputedAt);
