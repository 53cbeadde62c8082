namespace Crm.Engine.Events;

/// <summary>Raised after a customer is deleted.</summary>
/// <param name="CustomerId">The deleted customer's identifier.</param>
public sealed record CustomerDeleted(Guid CustomerId) : CrmEvent;
