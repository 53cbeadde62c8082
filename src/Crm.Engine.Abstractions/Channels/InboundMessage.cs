namespace Crm.Engine.Channels;

/// <summary>
/// One message a customer (or a prospect) sent us on a channel, as a channel plugin hands it to the engine. The engine
/// matches the sender to a customer, creates a lead for an unknown sender, and records it as an <see cref="Interaction"/>.
/// </summary>
public sealed record InboundMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>(0);

    /// <summary>Gets the channel it arrived on, such as <see cref="InteractionChannels.Email"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>
    /// Gets the provider's id for the message. The engine records each (channel, id) once, so a webhook or poll that
    /// delivers the same message twice records one interaction.
    /// </summary>
    public required string ExternalId { get; init; }

    /// <summary>Gets the sender's address in the channel's format: an email address, a phone number, a handle such as <c>@ana@example.social</c>.</summary>
    public required string SenderAddress { get; init; }

    /// <summary>Gets the sender's display name when the channel supplies one; used to name a new lead.</summary>
    public string? SenderName { get; init; }

    /// <summary>Gets the subject, for channels that have one.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the plain-text body.</summary>
    public required string TextBody { get; init; }

    /// <summary>Gets the HTML body, when the channel supplies one.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>
    /// Gets the provider id of the message this one answers (an email's <c>In-Reply-To</c>, a thread's parent), so the
    /// engine can link the reply to the outbound interaction it answers.
    /// </summary>
    public string? InReplyTo { get; init; }

    /// <summary>Gets when the provider received the message.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets channel-specific details worth keeping (thread id, channel name); stored as interaction metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;
}
