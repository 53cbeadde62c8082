using System.Text;
using System.Text.RegularExpressions;

namespace Crm.Engine;

/// <summary>Checks and normalizes email addresses and phone numbers.</summary>
internal static partial class ContactFormats
{
    public const int MaxEmailLength = 254;

    /// <summary>Lower-cases and trims an address; the whole address is lower-cased because mailbox case is ignored in practice.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValidEmail(string email) =>
        email.Length <= MaxEmailLength && email.IndexOf('@', StringComparison.Ordinal) is > 0 and <= 64 && EmailPattern().IsMatch(email);

    /// <summary>Removes the separators people type (spaces, dashes, dots, parentheses) and keeps a leading plus.</summary>
    public static string NormalizePhone(string phone)
    {
        var digits = new StringBuilder(phone.Length);
        foreach (var c in phone.Trim())
        {
            if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                // Keep unexpected characters so validation can reject the number instead of silently dropping them.
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    /// <summary>Accepts 7 to 15 digits with an optional leading plus: the E.164 length range.</summary>
    public static bool IsValidPhone(string normalized) => PhonePattern().IsMatch(normalized);

    [GeneratedRegex(@"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9]{7,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
