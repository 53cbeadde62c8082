namespace Crm.Engine.Support;

/// <summary>The case an alert rule opens for each occurrence, besides raising the alert.</summary>
public sealed record AlertCaseTemplate
{
    /// <summary>Gets the case's subject.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the case's priority.</summary>
    public CasePriority Priority { get; init; } = CasePriority.Normal;

    /// <summary>Gets the case's category, if any.</summary>
    public string? Category { get; init; }

    /// <summary>Gets the team the case goes to, if any.</summary>
    public string? TeamId { get; init; }
}
