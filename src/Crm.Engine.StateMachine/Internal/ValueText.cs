using System.Globalization;
using System.Text;

namespace Crm.Engine.StateMachine.Internal;

/// <summary>Formats states, triggers and descriptions for messages, always quoted so empty or spaced values stay visible.</summary>
internal static class ValueText
{
    public static string Of<T>(T value) =>
        value switch
        {
            null => "null",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

    public static string Quote<T>(T value) => "'" + Of(value) + "'";

    public static string QuoteList(IEnumerable<string> values)
    {
        var builder = new StringBuilder();
        foreach (string value in values)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append('\'').Append(value).Append('\'');
        }

        return builder.ToString();
    }
}
