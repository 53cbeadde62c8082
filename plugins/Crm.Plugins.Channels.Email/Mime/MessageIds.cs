using System.Security.Cryptography;
using System.Text;

namespace Crm.Plugins.Channels.Email.Mime;

/// <summary>
/// Derives Message-IDs from idempotency keys and reads message ids out of header values. Ids are kept in their
/// header form, angle brackets included (<c>&lt;key@domain&gt;</c>), everywhere: provider ids, external ids, replies.
/// </summary>
internal static class MessageIds
{
    private const int MaxKeyLength = 64;
    private const int MaxIdLength = 250;

    /// <summary>
    /// Returns <c>&lt;key@domain&gt;</c>: the key itself when it is a short dot-atom, otherwise a hash of it, so the
    /// same key always gives the same id and any key gives a valid one.
    /// </summary>
    public static string FromIdempotencyKey(string key, string domain)
    {
        var left = key.Length <= MaxKeyLength && EmailAddress.IsDotAtom(key) ? key : "k." + Hash(key, 40);
        return "<" + left + "@" + domain + ">";
    }

    /// <summary>Returns the first characters of the lower-case hex SHA-256 of the text.</summary>
    public static string Hash(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>
    /// Reads the ids in a header value (<c>&lt;a@b&gt; &lt;c@d&gt;</c>); a value without brackets is read as
    /// whitespace-separated ids. Ids that could not be written back safely (whitespace, control characters, too long)
    /// are dropped.
    /// </summary>
    public static List<string> Parse(string? value)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return ids;
        }

        if (value.Contains('<', StringComparison.Ordinal))
        {
            var position = 0;
            while (position < value.Length)
            {
                var open = value.IndexOf('<', position);
                if (open < 0)
                {
                    break;
                }

                var close = value.IndexOf('>', open + 1);
                if (close < 0)
                {
                    break;
                }

                AddIfValid(ids, value[(open + 1)..close]);
                position = close + 1;
            }
        }
        else
        {
            foreach (var token in value.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                AddIfValid(ids, token);
            }
        }

        return ids;
    }

    private static void AddIfValid(List<string> ids, string inner)
    {
        var trimmed = inner.Trim();
        if (trimmed.Length is 0 or > MaxIdLength || trimmed.Any(c => c is <= ' ' or > '~' or '<' or '>'))
        {
            return;
        }

        var id = "<" + trimmed + ">";
        if (!ids.Contains(id, StringComparer.Ordinal))
        {
            ids.Add(id);
        }
    }
}
