namespace Crm.Engine.Feedback;

/// <summary>Configures survey invitations: how response links are signed and built.</summary>
public sealed class FeedbackOptions
{
    /// <summary>
    /// Gets or sets the secret response tokens are signed with (HMAC-SHA256), at least 32 bytes. Needed to invite;
    /// keep it in configuration. Changing it invalidates links already sent.
    /// </summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>Gets or sets the response page URL, with <c>{token}</c> where the token goes (<c>https://example.com/survey?t={token}</c>).</summary>
    public string? ResponseUrl { get; set; }

    /// <summary>Gets or sets how long a link accepts a response when the request does not say.</summary>
    public TimeSpan DefaultValidity { get; set; } = TimeSpan.FromDays(30);
}
