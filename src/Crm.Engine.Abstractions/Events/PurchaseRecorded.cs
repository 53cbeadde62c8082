namespace Crm.Engine.Events;

/// <summary>Raised after a purchase is stored; loyalty rules use it to award points.</summary>
/// <param name="Purchase">The stored purchase.</param>
public sealed record PurchaseRecorded(Purchase Purchase) : CrmEvent;
