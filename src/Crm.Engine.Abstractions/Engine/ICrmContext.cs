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
}
