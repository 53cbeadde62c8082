namespace Crm.Engine.Abstractions.Tests;

public class IsoDurationTests
{
    [Theory]
    [InlineData("P30D", 0, 0, 30, 0)]
    [InlineData("P1Y2M3D", 1, 2, 3, 0)]
    [InlineData("P2W", 0, 0, 14, 0)]
    [InlineData("PT4H30M", 0, 0, 0, 270)]
    [InlineData("P1DT1M", 0, 0, 1, 1)]
    public void Parse_ValidText_ReturnsParts(string text, int years, int months, int days, int minutes)
    {
        var duration = IsoDuration.Parse(text);

        Assert.Equal(years, duration.Years);
        Assert.Equal(months, duration.Months);
        Assert.Equal(days, duration.Days);
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration.Time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("30D")]
    [InlineData("PT")]
    [InlineData("P1H")]
    [InlineData("PD")]
    [InlineData("P1D2Y")]
    [InlineData("P1.5D")]
    [InlineData("P-1D")]
    [InlineData("P99999999999D")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(IsoDuration.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => IsoDuration.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubtractFrom_OneMonthFromMarch31_LandsOnEndOfFebruary()
    {
        var now = new DateTimeOffset(2024, 3, 31, 12, 0, 0, TimeSpan.Zero);

        var result = IsoDuration.Parse("P1M").SubtractFrom(now);

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero), result);
    }

    [Fact]
    public void AddTo_DaysAndTime_AddsBoth()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 1, 4, 2, 0, 0, TimeSpan.Zero), IsoDuration.Parse("P3DT2H").AddTo(start));
    }

    [Theory]
    [InlineData("P30D")]
    [InlineData("P1Y2M3DT4H5M6S")]
    [InlineData("PT0S")]
    public void ToString_RoundTrips(string text)
    {
        Assert.Equal(text, IsoDuration.Parse(text).ToString());
    }
}
