namespace Crm.Engine.Analytics;

/// <summary>Customer acquisition cost, overall and per channel.</summary>
/// <param name="Overall">Total cost / total new customers.</param>
/// <param name="Channels">Per channel, every channel with a cost or a new customer, by name.</param>
public sealed record AcquisitionSection(KpiResult Overall, IReadOnlyList<ChannelAcquisition> Channels);

/// <summary>Acquisition through one channel.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Cost">The costs booked for it in the period.</param>
/// <param name="NewCustomers">New customers first reached on it.</param>
/// <param name="Cac">Cost / new customers.</param>
public sealed record ChannelAcquisition(string Channel, decimal Cost, long NewCustomers, KpiResult Cac);
