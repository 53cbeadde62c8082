using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Workflows;

/// <summary>
/// Fires triggers from domain events: for an event a definition binds (<c>"on": [{"event": "interactionRecorded"}]</c>),
/// the running instances of the event's customer whose definition binds it get the trigger, with the event id in the
/// idempotency key so a redelivered event transitions once.
/// </summary>
internal sealed class WorkflowEventDispatcher(WorkflowRuntime runtime, ICrmEventBus bus, ILogger<WorkflowEventDispatcher> logger) : ICrmEngineComponent, IDisposable
{
    /// <summary>The actor prefix of changes made by workflow actions; an instance ignores events its own actions caused.</summary>
    internal const string ActorPrefix = "workflow:";

    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Registry.All.Any(w => w.EventBindings.Count > 0))
        {
            _subscription = bus.Subscribe<CrmEvent>(HandleAsync);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    internal async Task HandleAsync(CrmEvent crmEvent, CancellationToken cancellationToken)
    {
        if (Describe(crmEvent) is not { } described)
        {
            return;
        }

        var (name, customerId, record) = described;
        var caller = CrmCaller.System(crmEvent.TenantId, "event:" + name, Security.CrmOrigin.Workflow(null));

        // The event reaches the workflows of its customer, and an interaction on a case or deal also reaches that case's
        // or deal's workflows (a reply on a case fires the case workflow's "customerReplied").
        var entities = new List<(Guid Id, string Kind)> { (customerId, "customer") };
        if (crmEvent is InteractionRecorded { Interaction: var interaction })
        {
            if (interaction.CaseId is { } caseId)
            {
                entities.Add((caseId, "case"));
            }

            if (interaction.DealId is { } dealId)
            {
                entities.Add((dealId, "deal"));
            }
        }

        var instances = new List<WorkflowInstance>();
        var session = await runtime.Engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var (id, kind) in entities)
            {
                var running = await session.Workflows.GetByEntityAsync(id, WorkflowInstanceStatus.Running, cancellationToken).ConfigureAwait(false);
                instances.AddRange(running.Where(i => kind == "customer" ? i.EntityKind is "customer" or "lead" : i.EntityKind == kind));
            }
        }

        foreach (var instance in instances)
        {
            if (crmEvent.Actor == ActorPrefix + instance.Id)
            {
                continue;
            }

            var workflow = runtime.Registry.Find(instance.WorkflowId, instance.WorkflowVersion);
            if (workflow is null || !workflow.EventBindings.TryGetValue(name, out var bindings))
            {
                continue;
            }

            foreach (var (trigger, where) in bindings)
            {
                if (where is not null && !where.Matches(record, crmEvent.OccurredAt))
                {
                    continue;
                }

                try
                {
                    await runtime.FireAsync(caller, instance.Id, trigger, null, $"event:{crmEvent.EventId:N}:{trigger}", null, cancellationToken).ConfigureAwait(false);
                }
                catch (CrmWorkflowTriggerException e)
                {
                    // The event is bound to the trigger but the instance's current state does not take it: nothing to do.
                    WorkflowLog.EventNotApplied(logger, crmEvent.GetType().Name, crmEvent.EventId, trigger, instance.Id, e.UnmetGuards.Count > 0 ? "guards not met" : "not handled in the current state");
                }
                catch (CrmException e)
                {
                    WorkflowLog.EventFireFailed(logger, e, crmEvent.GetType().Name, crmEvent.EventId, trigger, instance.Id);
                }
            }
        }
    }

    private static (string Name, Guid CustomerId, IConditionTarget Record)? Describe(CrmEvent crmEvent) => crmEvent switch
    {
        CustomerCreated created => ("customerCreated", created.Customer.Id, new CustomerConditionTarget(created.Customer)),
        CustomerUpdated updated => ("customerUpdated", updated.After.Id, new CustomerConditionTarget(updated.After)),
        InteractionRecorded recorded => ("interactionRecorded", recorded.Interaction.CustomerId, new InteractionConditionTarget(recorded.Interaction)),
        PurchaseRecorded purchase => ("purchaseRecorded", purchase.Purchase.CustomerId, new PurchaseConditionTarget(purchase.Purchase)),
        _ => null,
    };
}
