namespace Crm.Engine.Sales;

/// <summary>The outcome of capturing a lead.</summary>
/// <param name="Customer">The customer record of the lead.</param>
/// <param name="Lead">The lead profile.</param>
/// <param name="Created">Whether a new customer was created (<see langword="false"/> when an existing one matched by email).</param>
public sealed record LeadCaptureResult(Customer Customer, LeadProfile Lead, bool Created);
