namespace Crm.Engine.Sales;

/// <summary>The outcome of converting a lead: the same customer (now a customer) and the new deal.</summary>
/// <param name="Customer">The customer, same identifier as the lead.</param>
/// <param name="Lead">The lead profile, marked converted.</param>
/// <param name="Deal">The new deal.</param>
public sealed record LeadConversionResult(Customer Customer, LeadProfile Lead, Deal Deal);
