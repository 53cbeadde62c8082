namespace Crm.Engine.Events;

/// <summary>Raised after a customer change is stored.</summary>
/// <param name="Before">The customer as it was.</param>
/// <param name="After">The customer as stored now.</param>
public sealed record CustomerUpdated(Customer Before, Customer After) : CrmEvent;
