using Crm.Engine.Conditions;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Asks a store for a campaign's audience: customers matching <see cref="Filter"/>, with consent (latest record
/// granted) for <see cref="Channel"/> and <see cref="Purpose"/>, neither the customer nor the channel address
/// suppressed, not yet a recipient of <see cref="CampaignId"/>, in ascending id order after <see cref="After"/>.
/// </summary>
public sealed record CampaignAudienceQuery
{
    /// <summary>Gets the campaign whose recipients are left out.</summary>
    public required Guid CampaignId { get; init; }

    /// <summary>Gets the channel: consent is checked for it, and for email and SMS/phone its address against the suppression list.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the purpose consent is checked for.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets the customer condition, bound to the segment catalog; everyone when <see langword="null"/>.</summary>
    public Condition? Filter { get; init; }

    /// <summary>Gets the time relative dates resolve against.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the last customer id of the previous batch; from the start when <see langword="null"/>.</summary>
    public Guid? After { get; init; }

    /// <summary>Gets the batch size.</summary>
    public int Limit { get; init; } = 1000;
}
