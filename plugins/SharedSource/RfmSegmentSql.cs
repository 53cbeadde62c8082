namespace Crm.Plugins.Storage.Querying;

/// <summary>The SQL of the RFM rules that is the same in every first-party provider's dialect.</summary>
internal static class RfmSegmentSql
{
    /// <summary>
    /// Gets <see cref="RfmSegments.Classify"/> written as a SQL <c>CASE</c> over the integer columns <c>r</c>, <c>f</c>
    /// and <c>m</c> (integer division rounds the mean of frequency and monetary as C# does). Plain SQL-92, so SQLite and
    /// PostgreSQL run the same text; the PostgreSQL provider's tests compare it with <see cref="RfmSegments.Classify"/> for every score.
    /// </summary>
    public static string Case { get; } = Build();

    private static string Build()
    {
        const string F = "((f + m + 1) / 2)";
        return "CASE " +
            $"WHEN r >= 4 AND {F} >= 4 THEN 'Champions' " +
            $"WHEN r >= 3 AND {F} >= 4 THEN 'Loyal' " +
            $"WHEN r <= 1 AND {F} >= 4 THEN 'Can''t Lose' " +
            $"WHEN r <= 2 AND {F} >= 3 THEN 'At Risk' " +
            $"WHEN r >= 4 AND {F} >= 2 THEN 'Potential Loyalists' " +
            $"WHEN r = 5 AND {F} = 1 THEN 'New' " +
            $"WHEN r = 4 AND {F} = 1 THEN 'Promising' " +
            $"WHEN r = 3 AND {F} >= 2 THEN 'Need Attention' " +
            $"WHEN r = 3 AND {F} = 1 THEN 'About to Sleep' " +
            $"WHEN r = 2 AND {F} <= 2 THEN 'Hibernating' " +
            "ELSE 'Lost' END";
    }
}
