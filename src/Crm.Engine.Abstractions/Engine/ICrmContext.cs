namespace Crm.Engine;

/// <summary>
/// Groups the engine's services for one caller; every call through it is confined to the caller's tenant.
/// </summary>
public interface ICrmContext
{
    /// <summary>Gets the caller every call runs on behalf of.</summary>
    CrmCaller Caller { get; }

    /// <summary>Gets the customer service.</summary>
    ICustomerService Customers { get; }

    /// <summary>Gets the interaction (timeline) service.</summary>
    IInteractionService Interactions { get; }

    /// <summary>Gets the purchase history service.</summary>
    IPurchaseService Purchases { get; }

    /// <summary>Gets the workflow service: start, fire and inspect workflow instances, migrate them between versions.</summary>
    /// <exception cref="NotSupportedException">This context implementation does not provide workflows.</exception>
    /// <remarks>A default member so that other implementations of this interface (test doubles) keep compiling.</remarks>
    Workflows.IWorkflowService Workflows => throw new NotSupportedException(
        $"{GetType().Name} does not provide workflows; use the context returned by ICrmEngine.ForCaller.");
}
