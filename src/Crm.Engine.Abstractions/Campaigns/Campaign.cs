namespace Crm.Engine.Campaigns;

/// <summary>
/// A marketing campaign: one message, sent on one channel to an audience, optionally split into A/B variants, with its
/// cost for the ROI of <see cref="CampaignEffectiveness"/>.
/// </summary>
public sealed record Campaign
{
    /// <summary>Gets the campaign id; assigned on creation when empty.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the display name (1 to 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the channel the messages go out on, such as <see cref="InteractionChannels.Email"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the purpose the customers must have consented to; never <c>transactional</c>.</summary>
    public string Purpose { get; init; } = Channels.MessagePurposes.Marketing;

    /// <summary>Gets the template every variant renders unless it names its own.</summary>
    public required string TemplateId { get; init; }

    /// <summary>
    /// Gets the A/B variants; their splits add up to 100. Empty means one variant named <see cref="DefaultVariant"/>
    /// with the whole audience.
    /// </summary>
    public IReadOnlyList<CampaignVariant> Variants { get; init; } = [];

    /// <summary>Gets who receives the campaign.</summary>
    public required CampaignAudience Audience { get; init; }

    /// <summary>Gets the most messages handed to the outbox per minute; <see langword="null"/> for no limit.</summary>
    public int? SendRatePerMinute { get; init; }

    /// <summary>Gets how long after a delivery or click a purchase counts as a conversion of the campaign (last touch).</summary>
    public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets the campaign's cost, in <see cref="Currency"/>.</summary>
    public decimal Cost { get; init; }

    /// <summary>Gets the ISO 4217 currency of the cost and of the attributed revenue.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the address clicks are redirected to (the <c>data.clickUrl</c> tracking link); optional.</summary>
    public Uri? LandingUrl { get; init; }

    /// <summary>Gets the status.</summary>
    public CampaignStatus Status { get; init; }

    /// <summary>Gets when it is scheduled to be sent, once scheduled.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Gets when it was last sent (its audience enqueued), once sent.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Gets when it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The name of the only variant of a campaign without A/B variants.</summary>
    public const string DefaultVariant = "default";

    /// <summary>Gets the variants in force: <see cref="Variants"/>, or the single default variant with the whole audience.</summary>
    /// <returns>The variants.</returns>
    public IReadOnlyList<CampaignVariant> EffectiveVariants() => Variants.Count == 0 ? [new CampaignVariant(DefaultVariant, 100)] : Variants;
}
