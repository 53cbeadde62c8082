namespace Crm.Engine.Plugins.Tests.Unit;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("*", "0.0.1", true)]
    [InlineData(">=0.1.0 <1.0.0", "0.1.0", true)]
    [InlineData(">=0.1.0 <1.0.0", "1.0.0", false)]
    [InlineData("^1.2.3", "1.9.0", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^1.2.3", "1.2.2", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.9.9", true)]
    [InlineData("1.x", "1.4.0", true)]
    [InlineData("1.x", "2.0.0", false)]
    [InlineData("1.2", "1.2.7", true)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("^1.0.0 || ^3.0.0", "3.1.0", true)]
    [InlineData("^1.0.0 || ^3.0.0", "2.1.0", false)]
    [InlineData(">=99.0.0", "0.1.0", false)]
    public void Contains_Range_MatchesNpmSemantics(string range, string version, bool expected)
    {
        Assert.True(VersionRange.TryParse(range, out var parsed, out var error), error);
        Assert.Equal(expected, parsed.Contains(SemanticVersion.Parse(version)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(">=banana")]
    [InlineData("^1.0.0 ||")]
    [InlineData("1.x.3")]
    public void TryParse_InvalidRange_ExplainsWhy(string range)
    {
        Assert.False(VersionRange.TryParse(range, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
