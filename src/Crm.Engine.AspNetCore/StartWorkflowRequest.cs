namespace Crm.Engine.AspNetCore;

/// <summary>The body that starts a workflow instance.</summary>
/// <param name="EntityId">The record (customer, later deal or case) the instance runs for.</param>
public sealed record StartWorkflowRequest(Guid EntityId);
