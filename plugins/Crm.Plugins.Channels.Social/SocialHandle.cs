namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Reads a recipient handle: <c>@name@server.example</c>, <c>name@server.example</c>, or <c>@name</c> for an account
/// on the same server.
/// </summary>
internal static class SocialHandle
{
    private const int MaxLength = 320;

    /// <summary>Returns the handle without its leading <c>@</c> (Mastodon's <c>acct</c>), or <see langword="null"/>.</summary>
    public static string? ToAcct(string recipient)
    {
        var acct = recipient.StartsWith('@') ? recipient[1..] : recipient;
        if (acct.Length is 0 or > MaxLength)
        {
            return null;
        }

        var at = acct.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? acct.AsSpan() : acct.AsSpan(0, at);
        var domain = at < 0 ? [] : acct.AsSpan(at + 1);
        if (user.IsEmpty || user.ContainsAnyExcept(UserChars) || (at >= 0 && !IsDomain(domain)))
        {
            return null;
        }

        return acct;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain) =>
        domain.Length > 0 && !domain.ContainsAnyExcept(DomainChars) && domain[0] != '.' && domain[^1] != '.' && domain.Contains('.');

    private static readonly System.Buffers.SearchValues<char> UserChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    private static readonly System.Buffers.SearchValues<char> DomainChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:");
}
