using Crm.Engine.Events;

namespace Crm.Engine.Workflows.Actions;

/// <summary>
/// Changes the workflow's customer through the step's storage session, so the change commits with the step or is
/// rolled back with it, and publishes <see cref="CustomerUpdated"/> once the step has committed.
/// </summary>
internal static class CustomerActionWriter
{
    /// <summary>Loads the customer, applies <paramref name="change"/> (which returns <see langword="null"/> for "nothing to do"), validates and stores it.</summary>
    public static async Task UpdateAsync(WorkflowActionContext context, string action, Func<Customer, Customer?> change, CancellationToken cancellationToken)
    {
        var session = Session(context, action);
        var before = await session.Customers.GetAsync(context.EntityId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), context.EntityId);
        if (change(before) is not { } changed)
        {
            return;
        }

        var prepared = CustomerValidator.Normalize(changed) with { UpdatedAt = context.Now };
        var errors = new ValidationErrors();
        CustomerValidator.Validate(prepared, context.Now, errors);
        errors.ThrowIfAny(nameof(Customer));
        var stored = await session.Customers.UpdateAsync(prepared, cancellationToken).ConfigureAwait(false);
        context.PublishAfterCommit?.Invoke(new CustomerUpdated(before, stored)
        {
            EventId = Guid.CreateVersion7(context.Now),
            TenantId = stored.TenantId,
            OccurredAt = context.Now,
            Actor = WorkflowEventDispatcher.ActorPrefix + context.InstanceId,
        });
    }

    /// <summary>Returns the step's session after checking that the workflow drives customers.</summary>
    public static Storage.IStorageSession Session(WorkflowActionContext context, string action)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EntityKind is not ("customer" or "lead"))
        {
            throw new InvalidOperationException($"Action '{action}' changes customers, but workflow '{context.WorkflowId}' drives {context.EntityKind} records.");
        }

        return context.Storage ?? throw new InvalidOperationException($"Action '{action}' must run inside a workflow step, which provides the storage session.");
    }
}
