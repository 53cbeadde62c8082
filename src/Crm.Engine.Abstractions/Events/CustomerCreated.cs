namespace Crm.Engine.Events;

/// <summary>Raised after a customer is stored for the first time.</summary>
/// <param name="Customer">The stored customer.</param>
public sealed record CustomerCreated(Customer Customer) : CrmEvent;
