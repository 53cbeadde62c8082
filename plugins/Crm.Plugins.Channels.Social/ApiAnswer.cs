using System.Net;

namespace Crm.Plugins.Channels.Social;

/// <summary>What one API request came to: the server's answer, or why there was none.</summary>
/// <param name="Status">The HTTP status, or <see langword="null"/> when the server did not answer.</param>
/// <param name="Body">The body (bounded in size); empty when there was no answer.</param>
/// <param name="Link">The <c>Link</c> header, for paging.</param>
/// <param name="Failure">Why there was no answer (timeout, network error, oversized body), without the token or URL.</param>
internal sealed record ApiAnswer(HttpStatusCode? Status, byte[] Body, string? Link, string? Failure)
{
    public bool IsSuccess => Status is { } status && (int)status is >= 200 and <= 299;

    public static ApiAnswer NoAnswer(string failure) => new(null, [], null, failure);
}
