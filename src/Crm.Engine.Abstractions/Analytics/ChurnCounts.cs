namespace Crm.Engine.Analytics;

/// <summary>Churn over a whole period and per bucket, as one store call returns them.</summary>
/// <param name="Whole">Churn from the first boundary to the last.</param>
/// <param name="Trend">Churn per bucket, in order.</param>
public sealed record ChurnCounts(ChurnPoint Whole, IReadOnlyList<ChurnPoint> Trend);
