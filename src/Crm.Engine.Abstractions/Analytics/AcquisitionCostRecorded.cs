using Crm.Engine.Events;

namespace Crm.Engine.Analytics;

/// <summary>Raised after an acquisition cost is recorded or replaced.</summary>
/// <param name="Cost">The cost as stored.</param>
/// <param name="Before">The cost it replaced, or <see langword="null"/> when new.</param>
public sealed record AcquisitionCostRecorded(AcquisitionCost Cost, AcquisitionCost? Before) : CrmEvent;
