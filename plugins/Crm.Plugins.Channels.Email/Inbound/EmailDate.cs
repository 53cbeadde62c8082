using System.Globalization;

namespace Crm.Plugins.Channels.Email.Inbound;

/// <summary>
/// Reads RFC 5322 dates (<c>Tue, 1 Jul 2003 10:52:37 +0200</c>), including the obsolete forms: no weekday, no seconds,
/// two-digit years, zone names (GMT, UT, EST, ...) and comments.
/// </summary>
internal static class EmailDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var paren = value.IndexOf('(', StringComparison.Ordinal);
        var text = (paren >= 0 ? value[..paren] : value).Replace(',', ' ');
        var tokens = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 0 && char.IsLetter(tokens[0][0]))
        {
            tokens.RemoveAt(0);
        }

        if (tokens.Count < 4
            || !int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || tokens[1].Length < 3)
        {
            return null;
        }

        var month = Array.IndexOf(Months, tokens[1][..3].ToLowerInvariant()) + 1;
        if (month == 0 || !int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        year = tokens[2].Length switch
        {
            2 => year < 50 ? 2000 + year : 1900 + year,
            3 => 1900 + year,
            _ => year,
        };

        var clock = tokens[3].Split(':');
        if (clock.Length is < 2 or > 3
            || !int.TryParse(clock[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(clock[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
        {
            return null;
        }

        var second = 0;
        if (clock.Length == 3 && !int.TryParse(clock[2], NumberStyles.None, CultureInfo.InvariantCulture, out second))
        {
            return null;
        }

        var offset = tokens.Count > 4 ? Zone(tokens[4]) : TimeSpan.Zero;
        if (offset is null || year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset.Value);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The instant falls outside DateTimeOffset's range once the offset is applied (year 1 or 9999).
            return null;
        }
    }

    private static TimeSpan? Zone(string zone)
    {
        if (zone.Length == 5 && zone[0] is '+' or '-'
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && hours <= 14 && minutes < 60)
        {
            var offset = new TimeSpan(hours, minutes, 0);
            return zone[0] == '-' ? -offset : offset;
        }

        return zone.ToUpperInvariant() switch
        {
            "EDT" => TimeSpan.FromHours(-4),
            "EST" or "CDT" => TimeSpan.FromHours(-5),
            "CST" or "MDT" => TimeSpan.FromHours(-6),
            "MST" or "PDT" => TimeSpan.FromHours(-7),
            "PST" => TimeSpan.FromHours(-8),

            // UT, GMT, Z, military zones and anything unknown: RFC 5322 says to treat it as +0000.
            _ => TimeSpan.Zero,
        };
    }
}
