using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>An entity loaded for a workflow step: its fields for guards, and the version it was read at.</summary>
/// <param name="Target">The entity's fields (and, when asked for, related records) for guard evaluation.</param>
/// <param name="Version">The entity's stored version.</param>
public sealed record WorkflowEntitySnapshot(IConditionTarget Target, long Version);
