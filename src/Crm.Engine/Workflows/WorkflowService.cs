using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Workflows;

/// <summary>Implements <see cref="IWorkflowService"/> for one caller on top of the shared <see cref="WorkflowRuntime"/>.</summary>
internal sealed class WorkflowService(CrmEngine engine, CrmCaller caller) : IWorkflowService
{
    private WorkflowRuntime Runtime => engine.Services.GetService<WorkflowRuntime>()
        ?? throw new InvalidOperationException("No workflows are registered. Call AddWorkflow(...) or AddWorkflowsFromDirectory(...) on the builder returned by AddCrmEngine().");

    public Task<WorkflowInstance> StartAsync(string workflowId, Guid entityId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsWrite);
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        return Runtime.StartAsync(caller, workflowId, entityId, cancellationToken);
    }

    public async Task<WorkflowFireResult> FireAsync(Guid instanceId, string trigger, string? payloadJson = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsWrite);
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        return (await Runtime.FireAsync(caller, instanceId, trigger, payloadJson, idempotencyKey, null, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<WorkflowInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Workflows.GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<WorkflowInstance>> GetByEntityAsync(Guid entityId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Workflows.GetByEntityAsync(entityId, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<WorkflowTriggerAvailability>> GetPermittedTriggersAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        Runtime.GetPermittedTriggersAsync(engine.Access.Checked(caller, Security.CrmPermissions.WorkflowsRead), instanceId, cancellationToken);

    public async Task<IReadOnlyList<WorkflowHistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var entries = new List<WorkflowHistoryEntry>();
            var page = new PageRequest(1_000);
            while (true)
            {
                var result = await session.Workflows.GetHistoryAsync(instanceId, page, cancellationToken).ConfigureAwait(false);
                entries.AddRange(result.Items);
                if (result.ContinuationToken is null)
                {
                    return entries;
                }

                page = page with { ContinuationToken = result.ContinuationToken };
            }
        }
    }

    public async Task<IReadOnlyList<WorkflowTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Workflows.GetTimersAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<WorkflowMigrationPlan> MigrateAsync(string workflowId, int toVersion, bool dryRun, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.WorkflowsWrite);
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        return Runtime.MigrateAsync(caller, workflowId, toVersion, dryRun, cancellationToken);
    }
}
