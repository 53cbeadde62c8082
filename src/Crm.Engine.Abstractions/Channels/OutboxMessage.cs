namespace Crm.Engine.Channels;

/// <summary>
/// A message in the transactional outbox: written in the same transaction as the change that caused it, then sent by
/// the dispatcher with retries until it is delivered, dead-lettered or suppressed.
/// </summary>
public sealed record OutboxMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(0);

    /// <summary>Gets the message id (a version 7 GUID, so ids sort by creation).</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the tenant.</summary>
    public string TenantId { get; init; } = "";

    /// <summary>Gets the channel that sends it, such as <see cref="InteractionChannels.Email"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the customer it is addressed to, when known.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the recipient's address in the channel's format.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets the subject, for channels that have one.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the plain-text body.</summary>
    public required string TextBody { get; init; }

    /// <summary>Gets the HTML body, if any.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Gets channel-specific headers passed to the adapter.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>
    /// Gets the key that makes the message unique in its tenant: enqueueing a second message with the same key returns
    /// the first, and adapters receive it to deduplicate a resend after a crash.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets why it is sent (see <see cref="MessagePurposes"/>); non-transactional purposes need consent.</summary>
    public string Purpose { get; init; } = MessagePurposes.Transactional;

    /// <summary>Gets the status.</summary>
    public OutboxStatus Status { get; init; }

    /// <summary>Gets how many send attempts were made.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the next attempt is due (the first one: when it may be sent at the earliest).</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Gets the last failure, when there was one; never personal data.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the provider's message id once delivered.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>Gets the interaction that records the message's final outcome, once it has one.</summary>
    public Guid? InteractionId { get; init; }

    /// <summary>Gets the template it was rendered from, if any.</summary>
    public string? TemplateId { get; init; }

    /// <summary>Gets the deal it concerns, if any.</summary>
    public Guid? DealId { get; init; }

    /// <summary>Gets the support case it concerns, if any.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>Gets the campaign it belongs to, if any.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Gets the campaign variant it belongs to, if any (A/B tests).</summary>
    public string? CampaignVariant { get; init; }

    /// <summary>Gets when it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when its status last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
