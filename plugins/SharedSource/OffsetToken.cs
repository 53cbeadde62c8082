using System.Globalization;
using Crm.Engine;
using Crm.Engine.Storage;

namespace Crm.Plugins.Storage;

/// <summary>
/// Pages short, rarely changing lists (campaigns, suppressions, a customer's survey responses) by offset; the token is
/// the next offset. Callers fetch one row more than the page size so <see cref="Page{T}"/> knows whether a next page exists.
/// </summary>
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
            : throw new CrmValidationException("page.continuationToken", $"'{token}' is not a continuation token of this list.", "continuationToken");
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
