namespace Crm.Engine.Feedback;

/// <summary>How feedback scores are grouped.</summary>
public enum FeedbackGrouping
{
    /// <summary>One figure for the whole period.</summary>
    None = 0,

    /// <summary>By the segment recorded on each response (responses without one form the <see langword="null"/> group).</summary>
    Segment = 1,

    /// <summary>By agent (responses without one form the <see langword="null"/> group).</summary>
    Agent = 2,

    /// <summary>By UTC day.</summary>
    Day = 3,

    /// <summary>By ISO week (starting Monday, UTC).</summary>
    Week = 4,

    /// <summary>By UTC calendar month.</summary>
    Month = 5,
}
