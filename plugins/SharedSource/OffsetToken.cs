using System.Globalization;
using Crm.Engine.Storage;

namespace Crm.Plugins.Storage;

/// <summary>Pages short, rarely changing lists (campaigns, suppressions) by offset; the token is the next offset.</summary>
internal static class OffsetToken
{
    public static int Parse(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset >= 0
            ? offset
            : throw new ArgumentException($"The continuation token '{token}' was not issued by this list.", nameof(token));
    }

    public static Page<T> Page<T>(List<T> items, int size, int offset)
    {
        if (items.Count <= size)
        {
            return new Page<T>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, (offset + size).ToString(CultureInfo.InvariantCulture));
    }
}
