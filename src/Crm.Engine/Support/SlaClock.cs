using Crm.Engine.Workflows;

namespace Crm.Engine.Support;

/// <summary>Computes SLA due and warning times, in support hours when the policy has them.</summary>
internal static class SlaClock
{
    /// <summary>The instant <paramref name="span"/> of SLA time after <paramref name="start"/>.</summary>
    public static DateTimeOffset Add(SlaPolicy policy, DateTimeOffset start, TimeSpan span)
    {
        if (policy.Hours is not { } hours)
        {
            return start + span;
        }

        return Calendar(policy.Name, hours).Add(start, IsoDuration.FromTimeSpan(span)).ToUniversalTime();
    }

    /// <summary>The warning instant of a target, or <see langword="null"/> when the policy has no warning share.</summary>
    public static DateTimeOffset? Warning(SlaPolicy policy, DateTimeOffset start, TimeSpan target) =>
        policy.WarningAt is > 0 and < 1 ? Add(policy, start, TimeSpan.FromTicks((long)(target.Ticks * policy.WarningAt))) : null;

    private static BusinessCalendar Calendar(string name, SupportHours hours) => new()
    {
        Name = name,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZoneId),
        WorkingDays = hours.WorkingDays,
        Start = hours.Start,
        End = hours.End,
        Holidays = hours.Holidays,
    };
}
