namespace Crm.Engine.Campaigns;

/// <summary>
/// Asks a store for the next pending recipients of a campaign due by <see cref="DueBy"/>, in not-before then customer
/// order, each with the customer's current row and whether consent and suppression still let it be messaged.
/// </summary>
public sealed record CampaignDispatchQuery
{
    /// <summary>Gets the campaign.</summary>
    public required Guid CampaignId { get; init; }

    /// <summary>Gets the channel consent and the address suppression are checked for.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the purpose consent is checked for.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets the latest not-before time to include.</summary>
    public required DateTimeOffset DueBy { get; init; }

    /// <summary>Gets the chunk size.</summary>
    public int Limit { get; init; } = 1000;
}
