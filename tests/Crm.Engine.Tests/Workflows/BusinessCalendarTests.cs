using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Office = new()
    {
        Name = "office",
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
        WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
        Start = new TimeOnly(9, 0),
        End = new TimeOnly(17, 0),
        Holidays = new HashSet<DateOnly> { new(2026, 12, 25) },
    };

    private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Add_HoursPastFridayEvening_ContinueOnMonday()
    {
        Assert.Equal(Berlin(2026, 11, 23, 10), Office.Add(Berlin(2026, 11, 20, 16), IsoDuration.Parse("PT2H")));
    }

    [Fact]
    public void Add_OneDayFromFriday_IsMondaySameTime()
    {
        Assert.Equal(Berlin(2026, 11, 23, 11, 30), Office.Add(Berlin(2026, 11, 20, 11, 30), IsoDuration.Parse("P1D")));
    }

    [Fact]
    public void Add_StartOutsideWorkingHours_StartsCountingAtNextOpening()
    {
        Assert.Equal(Berlin(2026, 11, 24, 10), Office.Add(Berlin(2026, 11, 23, 20), IsoDuration.Parse("PT1H")));
    }

    [Fact]
    public void Add_AcrossAHoliday_SkipsIt()
    {
        Assert.Equal(Berlin(2026, 12, 28, 10), Office.Add(Berlin(2026, 12, 24, 10), IsoDuration.Parse("P1D")));
    }

    [Fact]
    public void Add_Months_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => Office.Add(Berlin(2026, 12, 24, 10), IsoDuration.Parse("P1M")));
    }
}
