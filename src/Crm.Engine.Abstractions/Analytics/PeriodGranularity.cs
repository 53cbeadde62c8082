namespace Crm.Engine.Analytics;

/// <summary>The size of the buckets of a trend, aligned on UTC calendar boundaries.</summary>
public enum PeriodGranularity
{
    /// <summary>One bucket per UTC day.</summary>
    Day = 0,

    /// <summary>One bucket per ISO week (Monday to Sunday, UTC).</summary>
    Week = 1,

    /// <summary>One bucket per calendar month (UTC).</summary>
    Month = 2,
}
