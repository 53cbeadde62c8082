using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Crm.Engine.Plugins;

/// <summary>
/// A set of SemVer versions written the npm way: comparators joined by spaces must all hold (<c>&gt;=1.2.0 &lt;2.0.0</c>),
/// alternatives are joined by <c>||</c>; <c>^1.2.3</c>, <c>~1.2.3</c>, partial versions (<c>1.2</c>), x-ranges
/// (<c>1.x</c>) and <c>*</c> expand to bounds. Pre-releases are compared by plain SemVer order.
/// </summary>
internal sealed class VersionRange
{
    private readonly Comparator[][] _alternatives;

    private VersionRange(string text, Comparator[][] alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    /// <summary>Gets the range that accepts every version (<c>*</c>).</summary>
    public static VersionRange Any { get; } = new("*", [[]]);

    public string Text { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out VersionRange? range, [NotNullWhen(false)] out string? error)
    {
        range = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A version range must not be empty; use '*' to accept every version.";
            return false;
        }

        var alternatives = new List<Comparator[]>();
        foreach (var alternative in text.Split("||"))
        {
            var comparators = new List<Comparator>();
            var tokens = alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var token in tokens)
            {
                if (!TryExpand(token, comparators))
                {
                    error = $"'{token}' in version range '{text}' is not a comparator such as '>=1.2.0', '^1.2.0', '~1.2', '1.x' or '*'.";
                    return false;
                }
            }

            if (tokens.Length == 0)
            {
                error = $"Version range '{text}' has an empty alternative.";
                return false;
            }

            alternatives.Add([.. comparators]);
        }

        range = new VersionRange(text, [.. alternatives]);
        return true;
    }

    public bool Contains(SemanticVersion version)
    {
        foreach (var alternative in _alternatives)
        {
            if (Array.TrueForAll(alternative, c => c.Matches(version)))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Text;

    private static bool TryExpand(string token, List<Comparator> comparators)
    {
        var op = token.StartsWith(">=", StringComparison.Ordinal) ? ">="
            : token.StartsWith("<=", StringComparison.Ordinal) ? "<="
            : token.Length > 0 && token[0] is '>' or '<' or '=' or '^' or '~' ? token[..1]
            : "";
        if (!TryParsePartial(token[op.Length..], out var parts, out var version))
        {
            return false;
        }

        var (major, minor, patch) = parts;
        switch (op)
        {
            case "" or "=" when version is not null:
                comparators.Add(new(Operator.Equal, version));
                return true;
            case "" or "=":
                // A partial version or x-range: every version that starts with the given parts.
                AddPrefixBounds(comparators, major, minor);
                return true;
            case "^":
                var low = version ?? SemanticVersion.Create(major ?? 0, minor ?? 0, patch ?? 0);
                comparators.Add(new(Operator.GreaterOrEqual, low));
                comparators.Add(new(Operator.Less, (major, minor, patch) switch
                {
                    (null, _, _) => Unbounded,
                    ( > 0, _, _) or (_, null, _) => SemanticVersion.Create(major.Value + 1, 0, 0),
                    (0, > 0, _) or (0, _, null) => SemanticVersion.Create(0, minor.Value + 1, 0),
                    _ => SemanticVersion.Create(0, 0, patch!.Value + 1),
                }));
                return true;
            case "~":
                comparators.Add(new(Operator.GreaterOrEqual, version ?? SemanticVersion.Create(major ?? 0, minor ?? 0, patch ?? 0)));
                comparators.Add(new(Operator.Less, major is null ? Unbounded
                    : minor is null ? SemanticVersion.Create(major.Value + 1, 0, 0)
                    : SemanticVersion.Create(major.Value, minor.Value + 1, 0)));
                return true;
            case ">=":
                comparators.Add(new(Operator.GreaterOrEqual, version ?? SemanticVersion.Create(major ?? 0, minor ?? 0, 0)));
                return true;
            case "<":
                comparators.Add(new(Operator.Less, version ?? (major is null ? SemanticVersion.Create(0, 0, 0) : SemanticVersion.Create(major.Value, minor ?? 0, 0))));
                return true;
            case ">":
                comparators.Add(version is not null
                    ? new(Operator.Greater, version)
                    : new(Operator.GreaterOrEqual, major is null ? Unbounded
                        : minor is null ? SemanticVersion.Create(major.Value + 1, 0, 0)
                        : SemanticVersion.Create(major.Value, minor.Value + 1, 0)));
                return true;
            case "<=":
                comparators.Add(version is not null
                    ? new(Operator.LessOrEqual, version)
                    : new(Operator.Less, major is null ? Unbounded
                        : minor is null ? SemanticVersion.Create(major.Value + 1, 0, 0)
                        : SemanticVersion.Create(major.Value, minor.Value + 1, 0)));
                return true;
            default:
                return false;
        }
    }

    private static SemanticVersion Unbounded { get; } = SemanticVersion.Create(int.MaxValue, 0, 0);

    private static void AddPrefixBounds(List<Comparator> comparators, int? major, int? minor)
    {
        if (major is null)
        {
            return;
        }

        comparators.Add(new(Operator.GreaterOrEqual, SemanticVersion.Create(major.Value, minor ?? 0, 0)));
        comparators.Add(new(Operator.Less, minor is null
            ? SemanticVersion.Create(major.Value + 1, 0, 0)
            : SemanticVersion.Create(major.Value, minor.Value + 1, 0)));
    }

    private static bool TryParsePartial(string text, out (int? Major, int? Minor, int? Patch) parts, out SemanticVersion? full)
    {
        parts = default;
        full = null;
        if (SemanticVersion.TryParse(text, out full))
        {
            parts = (full.Major, full.Minor, full.Patch);
            return true;
        }

        var pieces = text.Split('.');
        if (text.Length == 0 || pieces.Length > 3)
        {
            return false;
        }

        var values = new int?[3];
        var wildcard = false;
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i] is "x" or "X" or "*")
            {
                wildcard = true;
                continue;
            }

            if (wildcard || !int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            values[i] = value;
        }

        parts = (values[0], values[1], values[2]);
        if (parts.Major is not null && parts.Minor is not null && parts.Patch is not null)
        {
            full = SemanticVersion.Create(parts.Major.Value, parts.Minor.Value, parts.Patch.Value);
        }

        return true;
    }

    private enum Operator
    {
        Equal,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
    }

    private readonly record struct Comparator(Operator Op, SemanticVersion Version)
    {
        public bool Matches(SemanticVersion candidate)
        {
            var order = candidate.CompareTo(Version);
            return Op switch
            {
                Operator.Equal => order == 0,
                Operator.Less => order < 0,
                Operator.LessOrEqual => order <= 0,
                Operator.Greater => order > 0,
                _ => order >= 0,
            };
        }
    }
}
