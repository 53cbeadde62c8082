namespace Crm.Engine.Support;

/// <summary>The working hours SLA clocks run in: outside them (nights, weekends, holidays) the clock stops.</summary>
public sealed record SupportHours
{
    /// <summary>Gets the IANA or Windows time zone id the hours are in.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Gets the working days; Monday to Friday by default.</summary>
    public IReadOnlySet<DayOfWeek> WorkingDays { get; init; } = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    /// <summary>Gets when a working day starts (local time).</summary>
    public TimeOnly Start { get; init; } = new(9, 0);

    /// <summary>Gets when a working day ends (local time); later than <see cref="Start"/>.</summary>
    public TimeOnly End { get; init; } = new(17, 0);

    /// <summary>Gets the dates with no support hours.</summary>
    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();
}
