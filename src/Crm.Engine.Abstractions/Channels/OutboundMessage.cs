namespace Crm.Engine.Channels;

/// <summary>
/// Describes one message the engine asks a channel adapter to send.
/// </summary>
public sealed record OutboundMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(0);

    /// <summary>Gets the tenant the message is sent for.</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets the customer the message is addressed to, if it concerns a known customer.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>Gets the recipient's address in the channel's own format: an email address, an E.164 phone number, a handle.</summary>
    public required string Recipient { get; init; }

    /// <summary>Gets the subject, for channels that have one.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the plain-text body; every channel can send it.</summary>
    public required string TextBody { get; init; }

    /// <summary>Gets the HTML body, for channels that render HTML; others use <see cref="TextBody"/>.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>
    /// Gets the key that identifies this message across retries: adapters pass it to providers that deduplicate,
    /// or remember it, so a retried send is not delivered twice.
    /// </summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets extra channel-specific headers or parameters (for example a sender id); empty by default.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;
}
