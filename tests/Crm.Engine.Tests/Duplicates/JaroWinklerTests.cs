namespace Crm.Engine.Tests.Duplicates;

public sealed class JaroWinklerTests
{
    [Theory]
    [InlineData("martha", "marhta", 0.9611)]
    [InlineData("dwayne", "duane", 0.8400)]
    [InlineData("dixon", "dicksonx", 0.8133)]
    [InlineData("jellyfish", "smellyfish", 0.8963)]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("", "", 1.0)]
    [InlineData("a", "", 0.0)]
    public void Similarity_KnownValues(string a, string b, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 4);

    [Fact]
    public void Similarity_IsSymmetric()
    {
        var random = new Random(6);
        for (var i = 0; i < 200; i++)
        {
            var a = new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'g'))]);
            var b = new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'g'))]);
            Assert.Equal(JaroWinkler.Similarity(a, b), JaroWinkler.Similarity(b, a), 10);
        }
    }
}
