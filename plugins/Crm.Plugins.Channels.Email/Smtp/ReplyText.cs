using System.Text;

namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// Makes server reply text safe for failure reasons and logs: addresses (personal data) are replaced by
/// <c>&lt;address&gt;</c>, control characters removed and the length capped.
/// </summary>
internal static class ReplyText
{
    private const int MaxLength = 200;

    public static string Scrub(string text)
    {
        var output = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var word in text.Split(' '))
        {
            if (output.Length > 0)
            {
                output.Append(' ');
            }

            output.Append(word.Contains('@', StringComparison.Ordinal) ? "<address>" : word);
            if (output.Length >= MaxLength)
            {
                break;
            }
        }

        for (var i = 0; i < output.Length; i++)
        {
            if (char.IsControl(output[i]))
            {
                output[i] = ' ';
            }
        }

        return output.Length > MaxLength ? output.ToString(0, MaxLength) + "..." : output.ToString();
    }
}
