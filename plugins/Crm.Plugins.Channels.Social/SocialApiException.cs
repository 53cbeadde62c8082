namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Reports that the social server refused the account's access token while polling (401 or 403): a configuration
/// problem that polling again will not fix. The message names the status and what to check, never the token.
/// </summary>
public sealed class SocialApiException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="statusCode">The HTTP status the server answered with.</param>
    /// <param name="message">What happened and what to check.</param>
    public SocialApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status the server answered with.</summary>
    public int StatusCode { get; }
}
