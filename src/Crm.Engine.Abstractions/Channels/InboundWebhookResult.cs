namespace Crm.Engine.Channels;

/// <summary>The outcome of one webhook request: the messages it carried, or why it was rejected.</summary>
public sealed record InboundWebhookResult
{
    private InboundWebhookResult(IReadOnlyList<InboundMessage> messages, InboundRejectionKind? rejection, string? reason, string? responseBody)
    {
        Messages = messages;
        Rejection = rejection;
        Reason = reason;
        ResponseBody = responseBody;
    }

    /// <summary>Gets a value indicating whether the request was accepted.</summary>
    public bool IsAccepted => Rejection is null;

    /// <summary>Gets the messages the request carried; empty when rejected or when it carried none (a ping).</summary>
    public IReadOnlyList<InboundMessage> Messages { get; }

    /// <summary>Gets why the request was rejected, or <see langword="null"/> when accepted.</summary>
    public InboundRejectionKind? Rejection { get; }

    /// <summary>Gets a description of the rejection for logs and the HTTP response; never personal data or secrets.</summary>
    public string? Reason { get; }

    /// <summary>Gets a body the host should answer with (for example a URL-verification challenge), if any.</summary>
    public string? ResponseBody { get; }

    /// <summary>Creates an accepted result.</summary>
    /// <param name="messages">The messages the request carried.</param>
    /// <param name="responseBody">A body to answer with, if the provider expects one.</param>
    /// <returns>The result.</returns>
    public static InboundWebhookResult Accepted(IReadOnlyList<InboundMessage> messages, string? responseBody = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new InboundWebhookResult(messages, null, null, responseBody);
    }

    /// <summary>Creates a rejected result.</summary>
    /// <param name="kind">Why it was rejected.</param>
    /// <param name="reason">A description without personal data or secrets.</param>
    /// <returns>The result.</returns>
    public static InboundWebhookResult Rejected(InboundRejectionKind kind, string reason)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown rejection kind.");
        }

        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new InboundWebhookResult([], kind, reason, null);
    }
}
