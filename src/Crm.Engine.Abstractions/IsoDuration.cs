using System.Globalization;
using System.Text;

namespace Crm.Engine;

/// <summary>
/// Represents an ISO 8601 duration such as <c>P30D</c>, <c>P1Y6M</c> or <c>PT4H30M</c>, keeping calendar parts
/// (years, months, days) apart from clock time so that "P1M" ago on 31 March is 28 or 29 February, not 30 days.
/// </summary>
public readonly record struct IsoDuration
{
    /// <summary>Initializes a duration from its parts; all must be zero or positive.</summary>
    /// <param name="years">Calendar years.</param>
    /// <param name="months">Calendar months.</param>
    /// <param name="days">Calendar days (weeks count as seven days).</param>
    /// <param name="time">Clock time.</param>
    /// <exception cref="ArgumentOutOfRangeException">A part is negative.</exception>
    public IsoDuration(int years, int months, int days, TimeSpan time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        Years = years;
        Months = months;
        Days = days;
        Time = time;
    }

    /// <summary>Gets the calendar years.</summary>
    public int Years { get; }

    /// <summary>Gets the calendar months.</summary>
    public int Months { get; }

    /// <summary>Gets the calendar days.</summary>
    public int Days { get; }

    /// <summary>Gets the clock time part.</summary>
    public TimeSpan Time { get; }

    /// <summary>Gets whether every part is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>Creates a duration of whole days.</summary>
    /// <param name="days">The number of days.</param>
    /// <returns>The duration.</returns>
    public static IsoDuration FromDays(int days) => new(0, 0, days, TimeSpan.Zero);

    /// <summary>Creates a duration of clock time.</summary>
    /// <param name="time">The time span.</param>
    /// <returns>The duration.</returns>
    public static IsoDuration FromTimeSpan(TimeSpan time) => new(0, 0, 0, time);

    /// <summary>Parses <c>PnYnMnWnDTnHnMnS</c> (seconds may have a fraction).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="FormatException">The text is not an ISO 8601 duration.</exception>
    public static IsoDuration Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an ISO 8601 duration such as 'P30D' or 'PT4H'.");

    /// <summary>Tries to parse <c>PnYnMnWnDTnHnMnS</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration when parsing succeeds.</param>
    /// <returns>Whether the text is a valid duration.</returns>
    public static bool TryParse(string? text, out IsoDuration value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length < 3 || text[0] != 'P')
        {
            return false;
        }

        int years = 0, months = 0, days = 0;
        var time = TimeSpan.Zero;
        var inTime = false;
        var any = false;
        var lastOrder = -1;
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime || i == text.Length - 1)
                {
                    return false;
                }

                inTime = true;
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || (inTime && text[i] == '.')))
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                return false;
            }

            var number = text.AsSpan(start, i - start);
            var designator = text[i++];
            var order = (inTime, designator) switch
            {
                (false, 'Y') => 0,
                (false, 'M') => 1,
                (false, 'W') => 2,
                (false, 'D') => 3,
                (true, 'H') => 4,
                (true, 'M') => 5,
                (true, 'S') => 6,
                _ => -1,
            };
            if (order <= lastOrder || (order != 6 && number.Contains('.')))
            {
                return false;
            }

            lastOrder = order;
            any = true;
            if (order == 6)
            {
                if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
                {
                    return false;
                }

                time += TimeSpan.FromSeconds(seconds);
                continue;
            }

            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            try
            {
                switch (order)
                {
                    case 0: years = n; break;
                    case 1: months = n; break;
                    case 2: days = checked(days + (n * 7)); break;
                    case 3: days = checked(days + n); break;
                    case 4: time += TimeSpan.FromHours(n); break;
                    default: time += TimeSpan.FromMinutes(n); break;
                }
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        if (!any)
        {
            return false;
        }

        value = new IsoDuration(years, months, days, time);
        return true;
    }

    /// <summary>Moves an instant forward by this duration, calendar parts first.</summary>
    /// <param name="instant">The starting instant.</param>
    /// <returns>The later instant.</returns>
    public DateTimeOffset AddTo(DateTimeOffset instant) =>
        instant.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    /// <summary>Moves an instant back by this duration, calendar parts first.</summary>
    /// <param name="instant">The starting instant.</param>
    /// <returns>The earlier instant.</returns>
    public DateTimeOffset SubtractFrom(DateTimeOffset instant) =>
        instant.AddYears(-Years).AddMonths(-Months).AddDays(-Days).Subtract(Time);

    /// <summary>Formats the duration in ISO 8601, such as <c>P1Y2M10DT2H30M</c>.</summary>
    /// <returns>The text form; <c>PT0S</c> for zero.</returns>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        Append(text, Years, 'Y');
        Append(text, Months, 'M');
        Append(text, Days, 'D');
        if (Time > TimeSpan.Zero)
        {
            text.Append('T');
            Append(text, (int)Time.TotalHours, 'H');
            Append(text, Time.Minutes, 'M');
            var seconds = Time.Seconds + (Time.Milliseconds / 1000m);
            if (seconds > 0)
            {
                text.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, char designator)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(designator);
        }
    }
}
