namespace Crm.Engine.Workflows;

/// <summary>One instance moved by a migration.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="EntityId">The entity it drives.</param>
/// <param name="FromState">Its state in the old version.</param>
/// <param name="ToState">Its state in the new version.</param>
public sealed record WorkflowInstanceMove(Guid InstanceId, Guid EntityId, string FromState, string ToState);
