using Crm.Engine.Events;

namespace Crm.Engine.Analytics;

/// <summary>Raised after an acquisition cost is deleted.</summary>
/// <param name="CostId">The deleted cost's id.</param>
public sealed record AcquisitionCostDeleted(Guid CostId) : CrmEvent;
