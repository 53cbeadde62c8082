using System.Text;

namespace Crm.Engine;

/// <summary>
/// Describes one reason input was rejected, naming where the problem is.
/// </summary>
/// <param name="Path">
/// Where the problem is: a field name such as <c>emails[1]</c> for records, or a JSON path such as
/// <c>$.all[0].field</c> for JSON documents.
/// </param>
/// <param name="Message">What is wrong, quoting the offending value.</param>
public sealed record ValidationError(string Path, string Message)
{
    /// <summary>Gets the name of the rule that failed (for example <c>email</c>, <c>required</c>, <c>unknownField</c>), if known.</summary>
    public string? Rule { get; init; }

    /// <summary>Gets the file or logical source the input came from, if known.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the 1-based line in <see cref="Source"/>, if known.</summary>
    public int? Line { get; init; }

    /// <summary>Gets the 1-based column in <see cref="Source"/>, if known.</summary>
    public int? Column { get; init; }

    /// <summary>Formats the error as <c>source(line,col): path: message</c>, leaving out the parts that are unknown.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Source is not null)
        {
            text.Append(Source);
        }

        if (Line is not null)
        {
            text.Append('(').Append(Line.Value);
            if (Column is not null)
            {
                text.Append(',').Append(Column.Value);
            }

            text.Append(')');
        }

        if (text.Length > 0)
        {
            text.Append(": ");
        }

        return text.Append(Path).Append(": ").Append(Message).ToString();
    }
}
