namespace Crm.Engine.Support;

/// <summary>A point on a case's SLA clock; each fires at most once per case.</summary>
public enum SlaMilestone
{
    /// <summary>The warning share of the first-response target has passed without a response.</summary>
    FirstResponseWarning,

    /// <summary>The first-response target has passed without a response.</summary>
    FirstResponseBreach,

    /// <summary>The warning share of the resolution target has passed without a resolution.</summary>
    ResolutionWarning,

    /// <summary>The resolution target has passed without a resolution.</summary>
    ResolutionBreach,
}
