namespace Crm.Engine.Support;

/// <summary>How a team hands new cases to its agents.</summary>
public enum AssignmentStrategy
{
    /// <summary>Each agent in turn, in the order of the team's list.</summary>
    RoundRobin,

    /// <summary>The agent with the fewest open cases; ties go to the one listed first.</summary>
    LeastLoaded,
}
