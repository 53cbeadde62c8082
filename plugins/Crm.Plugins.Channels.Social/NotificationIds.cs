namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Orders notification ids. Mastodon's are decimal strings that grow over time (compare by length, then digits);
/// other compatible servers use sortable alphanumeric ids (compare ordinally).
/// </summary>
internal static class NotificationIds
{
    private const int MaxLength = 64;

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static int Compare(string left, string right)
    {
        if (IsDecimal(left) && IsDecimal(right) && left.Length != right.Length)
        {
            return left.Length.CompareTo(right.Length);
        }

        return string.CompareOrdinal(left, right);
    }

    public static bool IsNewer(string id, string? than) => than is null || Compare(id, than) > 0;

    private static bool IsDecimal(string id) => id.All(char.IsAsciiDigit);
}
