namespace Crm.Engine.Workflows;

/// <summary>A due timer leased to one scheduler, with the tenant it belongs to.</summary>
/// <param name="TenantId">The tenant of the timer's instance; open a session of this tenant to fire it.</param>
/// <param name="Timer">The timer.</param>
/// <param name="LeaseExpiresAt">When the lease ends; after that another scheduler may claim the timer again.</param>
public sealed record ClaimedWorkflowTimer(string TenantId, WorkflowTimer Timer, DateTimeOffset LeaseExpiresAt);
