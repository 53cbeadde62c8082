namespace Crm.Engine;

/// <summary>
/// Records one contact with a customer on any channel: an email, a call, a chat message, a social mention, a meeting.
/// </summary>
public sealed record Interaction : ICrmEntity
{
    /// <inheritdoc />
    public Guid Id { get; init; }

    /// <inheritdoc />
    public string TenantId { get; init; } = "";

    /// <summary>Gets the customer the interaction belongs to.</summary>
    public required Guid CustomerId { get; init; }

    /// <summary>Gets the channel, one of <see cref="InteractionChannels"/> or a plugin's own name.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets whether the customer contacted us, we contacted them, or it is an internal note.</summary>
    public InteractionDirection Direction { get; init; }

    /// <summary>Gets when the contact happened (not when it was recorded).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the subject line or a one-line summary.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the body or transcript.</summary>
    public string? Body { get; init; }

    /// <summary>Gets the channel's identifier for the message (for example an email Message-ID), used to match replies.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Gets channel-specific data such as headers or a call duration.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>Gets the deal the interaction is about, if any.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the support case the interaction is part of, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign that caused the interaction, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets when the interaction was recorded.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata =
        new Dictionary<string, string>(StringComparer.Ordinal);
}
