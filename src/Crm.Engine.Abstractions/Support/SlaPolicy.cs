namespace Crm.Engine.Support;

/// <summary>
/// Service-level targets per priority, with optional support hours. The engine computes a case's due times from it
/// when the case opens, warns when <see cref="WarningAt"/> of a target has passed, and escalates at the breach.
/// </summary>
public sealed record SlaPolicy
{
    /// <summary>Gets the policy's name, unique among the configured policies.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the targets per priority; a priority without one has no SLA under this policy.</summary>
    public required IReadOnlyDictionary<CasePriority, SlaTarget> Targets { get; init; }

    /// <summary>Gets the support hours the targets count in, or <see langword="null"/> for round-the-clock.</summary>
    public SupportHours? Hours { get; init; }

    /// <summary>Gets the fraction of a target after which a warning is raised; 0.8 by default, 0 or 1 for none.</summary>
    public double WarningAt { get; init; } = 0.8;

    /// <summary>Gets the team a case moves to when it breaches, or <see langword="null"/> to keep its team.</summary>
    public string? EscalationTeamId { get; init; }
}
