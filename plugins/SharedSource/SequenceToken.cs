using System.Globalization;

namespace Crm.Plugins.Storage.Querying;

/// <summary>
/// Encodes the position after the last entry of a page of an append-only, sequence-numbered list (a workflow
/// instance's history) as the sequence in invariant decimal digits.
/// </summary>
internal static class SequenceToken
{
    public static string Encode(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a token made by <see cref="Encode"/>; no token means the start, before sequence 0.</summary>
    /// <exception cref="CrmValidationException">The token is not a sequence.</exception>
    public static long Decode(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            ? after
            : throw new CrmValidationException("page.continuationToken", $"'{token}' is not a continuation token of a workflow history.", "continuationToken");
    }
}
