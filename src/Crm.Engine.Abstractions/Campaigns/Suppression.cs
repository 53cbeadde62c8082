namespace Crm.Engine.Campaigns;

/// <summary>
/// An entry of the tenant's suppression list: campaigns never message the customer, or any customer whose address for
/// the campaign's channel is the address. Exactly one of <see cref="CustomerId"/> and <see cref="Address"/> is set.
/// </summary>
/// <param name="Reason">Why.</param>
/// <param name="RecordedAt">When it was added.</param>
public sealed record Suppression(SuppressionReason Reason, DateTimeOffset RecordedAt)
{
    /// <summary>Gets the suppressed customer.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the suppressed address (stored in lower case), such as an email address or phone number.</summary>
    public string? Address { get; init; }
}
