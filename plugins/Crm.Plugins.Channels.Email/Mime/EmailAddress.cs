using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Checks and normalizes an address (RFC 5321 <c>Mailbox</c>): a dot-atom local part of ASCII characters and a host
/// name or address literal. International domain names are converted to their ASCII (punycode) form so the address
/// works in both the SMTP envelope and the headers without SMTPUTF8.
/// </summary>
internal static class EmailAddress
{
    private const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>Normalizes an address or says why it is not one; the reason never repeats the address.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "the address is empty";
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            error = "the address has no local part and domain separated by '@'";
            return false;
        }

        var local = text[..at];
        if (!IsDotAtom(local) || local.Length > MaxLocalPartLength)
        {
            error = "the local part (before '@') is not a dot-atom of at most 64 ASCII characters";
            return false;
        }

        if (!TryNormalizeDomain(text[(at + 1)..], out var domain))
        {
            error = "the domain (after '@') is not a valid host name or address literal";
            return false;
        }

        var result = local + "@" + domain;
        if (result.Length > MaxLength)
        {
            error = "the address is longer than 254 characters";
            return false;
        }

        address = result;
        error = null;
        return true;
    }

    /// <summary>Returns the domain of an address already normalized by <see cref="TryNormalize"/>.</summary>
    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>Normalizes a host name (IDN to punycode, lower case) or an address literal such as <c>[192.0.2.1]</c>.</summary>
    public static bool TryNormalizeDomain(string? input, [NotNullWhen(true)] out string? domain)
    {
        domain = null;
        if (string.IsNullOrEmpty(input))
        {
            return false;
        }

        if (input[0] == '[')
        {
            if (input[^1] != ']')
            {
                return false;
            }

            var literal = input[1..^1];
            var ipv6 = literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase);
            if (!IPAddress.TryParse(ipv6 ? literal[5..] : literal, out var ip)
                || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != ipv6)
            {
                return false;
            }

            domain = input;
            return true;
        }

        string ascii;
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(input.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (ascii.Length is 0 or > 253 || !ascii.Split('.').All(IsLabel))
        {
            return false;
        }

        domain = ascii.ToLowerInvariant();
        return true;
    }

    /// <summary>Tells whether text is an RFC 5322 <c>dot-atom-text</c>: atoms of atext joined by single dots.</summary>
    public static bool IsDotAtom(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] == '.' || text[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (text[i - 1] == '.')
                {
                    return false;
                }
            }
            else if (!IsAtext(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether a character is RFC 5322 <c>atext</c> (ASCII letters, digits and a few symbols).</summary>
    public static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || AtomSpecials.Contains(c, StringComparison.Ordinal);

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
