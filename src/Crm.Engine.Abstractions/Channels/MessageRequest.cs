namespace Crm.Engine.Channels;

/// <summary>
/// Asks the engine to send a message through the outbox: either a registered template rendered for the customer, or
/// literal subject and bodies.
/// </summary>
public sealed record MessageRequest
{
    private static readonly IReadOnlyDictionary<string, object?> NoData = new Dictionary<string, object?>(0, StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(0);

    /// <summary>Gets the channel, such as <see cref="InteractionChannels.Email"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the customer; required unless <see cref="Recipient"/> is given.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>
    /// Gets the recipient address; when omitted it is taken from the customer: the primary email for email, the primary
    /// phone for SMS and phone, the <c>&lt;channel&gt;Handle</c> attribute (such as <c>socialHandle</c>) for other channels.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>Gets the template to render; when omitted, <see cref="TextBody"/> is required.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Gets free values for the template's <c>data.*</c> fields.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = NoData;

    /// <summary>Gets the literal subject, when no template is used.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the literal text body, when no template is used.</summary>
    public string? TextBody { get; init; }

    /// <summary>Gets the literal HTML body, when no template is used.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Gets why the message is sent; anything but <see cref="MessagePurposes.Transactional"/> needs consent.</summary>
    public string Purpose { get; init; } = MessagePurposes.Transactional;

    /// <summary>Gets the idempotency key; a new one is generated when omitted. Reusing a key returns the first message.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the earliest time the message may be sent; now when omitted.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Gets channel-specific headers passed to the adapter.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>Gets the deal it concerns, if any.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the support case it concerns, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign it belongs to, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the campaign variant, if any.</summary>
    public string? CampaignVariant { get; init; }
}
