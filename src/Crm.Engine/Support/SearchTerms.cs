using System.Globalization;
using System.Text;

namespace Crm.Engine.Support;

/// <summary>Splits free text into search terms: runs of letters and digits, lower case, deduplicated, short words and common words dropped.</summary>
internal static class SearchTerms
{
    public const int MaxTerms = 32;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has", "have", "hi", "hello", "how",
        "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "please", "so", "that", "the",
        "their", "there", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
        "thanks", "thank", "regards", "dear",
    };

    public static IReadOnlyList<string> Split(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }

            if (word.Length >= 2)
            {
                var term = word.ToString();
                if (!StopWords.Contains(term) && seen.Add(term))
                {
                    terms.Add(term);
                    if (terms.Count == MaxTerms)
                    {
                        break;
                    }
                }
            }

            word.Clear();
        }

        return terms;
    }
}
