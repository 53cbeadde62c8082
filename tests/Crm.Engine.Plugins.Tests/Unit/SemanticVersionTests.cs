namespace Crm.Engine.Plugins.Tests.Unit;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.9.0", "1.10.0")]
    [InlineData("0.1.0", "1.0.0")]
    public void CompareTo_SemVerPrecedence_OrdersAsSpecified(string lower, string higher)
    {
        Assert.True(SemanticVersion.Parse(lower) < SemanticVersion.Parse(higher));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0+")]
    [InlineData("v1.0.0")]
    [InlineData("")]
    public void TryParse_InvalidVersion_ReturnsFalse(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
    }

    [Fact]
    public void Equals_BuildMetadataDiffers_AreEqual()
    {
        Assert.Equal(SemanticVersion.Parse("1.2.3+abc"), SemanticVersion.Parse("1.2.3+def"));
    }
}
