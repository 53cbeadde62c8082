namespace Crm.Engine.Analytics;

/// <summary>Money spent to acquire customers through one channel (and optionally one campaign), booked at one instant.</summary>
/// <param name="Id">The identifier; the engine assigns one when empty.</param>
/// <param name="Channel">The acquisition channel, matched against the channel of customers' first interaction (such as <c>email</c>, <c>social</c>).</param>
/// <param name="IncurredAt">When the cost is booked; a cost counts in the periods that contain this instant.</param>
/// <param name="Amount">The amount, not negative.</param>
/// <param name="Currency">The ISO 4217 code of <paramref name="Amount"/>.</param>
public sealed record AcquisitionCost(Guid Id, string Channel, DateTimeOffset IncurredAt, decimal Amount, string Currency)
{
    /// <summary>Gets the campaign the cost belongs to, if any, for campaign ROI.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets a free-text note (an invoice number, say).</summary>
    public string? Note { get; init; }
}
