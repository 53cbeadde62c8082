namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>What the poller needs from one inbound message.</summary>
internal sealed record ParsedEmail
{
    /// <summary>Gets the Message-ID with brackets; derived from the content's hash when the message has none.</summary>
    public required string MessageId { get; init; }

    /// <summary>Gets the sender's address.</summary>
    public required string FromAddress { get; init; }

    /// <summary>Gets the sender's display name, decoded.</summary>
    public string? FromName { get; init; }

    /// <summary>Gets the subject, decoded.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the Date header, when it could be read.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Gets the first id of In-Reply-To, with brackets.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>Gets the ids of References, oldest first, with brackets.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Gets the raw To header, decoded.</summary>
    public string? To { get; init; }

    /// <summary>Gets the Auto-Submitted header (RFC 3834), when present.</summary>
    public string? AutoSubmitted { get; init; }

    /// <summary>Gets the first text/plain part that is not an attachment.</summary>
    public string? TextBody { get; init; }

    /// <summary>Gets the first text/html part that is not an attachment.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Gets the id of the message this one answers: In-Reply-To, or else the last References id.</summary>
    public string? Parent => InReplyTo ?? (References.Count > 0 ? References[^1] : null);
}
