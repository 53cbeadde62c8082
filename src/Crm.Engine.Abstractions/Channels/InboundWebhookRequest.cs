namespace Crm.Engine.Channels;

/// <summary>A webhook request as the host received it, independent of any web framework.</summary>
public sealed record InboundWebhookRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(0, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the tenant the webhook is for (the host decides it, for example from the route).</summary>
    public required string TenantId { get; init; }

    /// <summary>Gets the HTTP method, such as <c>POST</c>.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Gets the request headers; look them up case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>Gets the raw request body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets when the host received the request; handlers use it to reject stale signed requests.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
