namespace Crm.Engine.Workflows;

/// <summary>
/// Counts time in working hours: timers such as "P2D in business time" skip nights, weekends and holidays.
/// </summary>
public sealed record BusinessCalendar
{
    /// <summary>Gets the calendar's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the time zone working hours are in.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Gets the working days.</summary>
    public required IReadOnlySet<DayOfWeek> WorkingDays { get; init; }

    /// <summary>Gets when a working day starts (local time).</summary>
    public required TimeOnly Start { get; init; }

    /// <summary>Gets when a working day ends (local time); later than <see cref="Start"/>.</summary>
    public required TimeOnly End { get; init; }

    /// <summary>Gets the dates with no working hours.</summary>
    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();

    /// <summary>
    /// Adds working time to an instant: a day of the duration is one working day (same time of day), clock time is
    /// counted in working hours only.
    /// </summary>
    /// <param name="start">The starting instant.</param>
    /// <param name="duration">The working time to add.</param>
    /// <returns>The instant the working time has passed.</returns>
    /// <exception cref="ArgumentException">The duration has years or months, which have no meaning in working time.</exception>
    public DateTimeOffset Add(DateTimeOffset start, IsoDuration duration)
    {
        if (duration.Years != 0 || duration.Months != 0)
        {
            throw new ArgumentException($"Business calendar '{Name}' counts days and hours; '{duration}' has years or months.", nameof(duration));
        }

        var local = TimeZoneInfo.ConvertTime(start, TimeZone);
        var workingDays = duration.Days;
        var remaining = duration.Time;
        var cursor = MoveIntoWorkingTime(local.DateTime);
        for (var i = 0; i < workingDays; i++)
        {
            // A working day later at the same time of day, skipping weekends and holidays.
            var next = cursor.AddDays(1);
            for (var guard = 0; guard < 3_660 && !IsWorkingDate(next); guard++)
            {
                next = next.AddDays(1);
            }

            cursor = next;
        }

        while (remaining > TimeSpan.Zero)
        {
            var endOfDay = cursor.Date + End.ToTimeSpan();
            var available = endOfDay - cursor;
            if (remaining <= available)
            {
                cursor += remaining;
                remaining = TimeSpan.Zero;
            }
            else
            {
                remaining -= available;
                cursor = MoveIntoWorkingTime(cursor.Date.AddDays(1) + Start.ToTimeSpan());
            }
        }

        return new DateTimeOffset(cursor, TimeZone.GetUtcOffset(cursor));
    }

    private bool IsWorkingDate(DateTime local) =>
        WorkingDays.Contains(local.DayOfWeek) && !Holidays.Contains(DateOnly.FromDateTime(local));

    private DateTime MoveIntoWorkingTime(DateTime local)
    {
        for (var guard = 0; guard < 3_660; guard++)
        {
            var date = DateOnly.FromDateTime(local);
            var time = TimeOnly.FromDateTime(local);
            if (!WorkingDays.Contains(local.DayOfWeek) || Holidays.Contains(date) || time >= End)
            {
                local = local.Date.AddDays(1) + Start.ToTimeSpan();
                continue;
            }

            return time < Start ? local.Date + Start.ToTimeSpan() : local;
        }

        throw new InvalidOperationException($"Business calendar '{Name}' has no working time in the next ten years.");
    }
}
