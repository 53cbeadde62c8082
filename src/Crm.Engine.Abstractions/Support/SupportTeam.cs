namespace Crm.Engine.Support;

/// <summary>A team of agents that cases are assigned among.</summary>
public sealed record SupportTeam
{
    /// <summary>Gets the team's id, the <see cref="SupportCase.TeamId"/> of its cases.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the agents' user ids, in assignment order.</summary>
    public required IReadOnlyList<string> Agents { get; init; }

    /// <summary>Gets how cases are assigned.</summary>
    public AssignmentStrategy Strategy { get; init; } = AssignmentStrategy.RoundRobin;
}
