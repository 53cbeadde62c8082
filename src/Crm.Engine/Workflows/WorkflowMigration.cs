namespace Crm.Engine.Workflows;

/// <summary>Moves running instances of an earlier version to this one: <c>{"version": 2, "states": {"old": "new"}}</c>.</summary>
/// <param name="FromVersion">The version instances are moved from.</param>
/// <param name="States">Maps each old state to a state of this version.</param>
public sealed record WorkflowMigration(int FromVersion, IReadOnlyDictionary<string, string> States);
