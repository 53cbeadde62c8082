namespace Crm.Engine.Workflows;

/// <summary>Lists what a migration of running instances to a new definition version moves, or would move in a dry run.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="FromVersion">The version instances move from (the target's <c>migrateFrom.version</c>).</param>
/// <param name="ToVersion">The version instances move to.</param>
/// <param name="Moves">The instances that move (or would move), with their old and new state.</param>
/// <param name="UnmappedStates">States of running instances that the map does not cover, with how many instances are in each.</param>
/// <param name="DryRun">Whether nothing was written.</param>
public sealed record WorkflowMigrationPlan(
    string WorkflowId,
    int FromVersion,
    int ToVersion,
    IReadOnlyList<WorkflowInstanceMove> Moves,
    IReadOnlyDictionary<string, int> UnmappedStates,
    bool DryRun)
{
    /// <summary>Gets whether every running instance can be moved.</summary>
    public bool IsValid => UnmappedStates.Count == 0;
}
