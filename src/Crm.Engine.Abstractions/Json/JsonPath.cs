namespace Crm.Engine.Json;

/// <summary>
/// Builds JSON paths in the form used by every error the engine reports: <c>$.states[2].on['a b']</c>.
/// </summary>
public static class JsonPath
{
    /// <summary>The path of the document root.</summary>
    public const string Root = "$";

    /// <summary>Appends a property name to a path, in dot form when the name is a plain identifier.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The child path.</returns>
    public static string Property(string parent, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsIdentifier(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    /// <summary>Appends an array index to a path.</summary>
    /// <param name="parent">The parent path.</param>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The child path.</returns>
    public static string Index(string parent, int index) => $"{parent}[{index}]";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }
}
