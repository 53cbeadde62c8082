using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>Raised once per occurrence when an alert rule matches or an SLA is at risk.</summary>
/// <param name="Alert">The alert as stored.</param>
public sealed record AlertRaised(Alert Alert) : CrmEvent;
