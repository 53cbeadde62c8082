namespace Crm.Engine.Scheduling;

/// <summary>Where a scheduled job is in its life.</summary>
public enum ScheduledJobStatus
{
    /// <summary>Waiting until it is due (recurring jobs return here after each run).</summary>
    Pending = 0,

    /// <summary>Ran successfully and does not repeat; final.</summary>
    Completed = 1,

    /// <summary>Failed on every allowed attempt; final.</summary>
    Failed = 2,

    /// <summary>Cancelled before it ran; final.</summary>
    Cancelled = 3,
}
