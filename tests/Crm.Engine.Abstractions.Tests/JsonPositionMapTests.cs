using System.Text.Json;
using Crm.Engine.Json;

namespace Crm.Engine.Abstractions.Tests;

public class JsonPositionMapTests
{
    private const string Document = """
        {
          "all": [
            { "field": "country", "op": "eq", "value": "DE" },
            { "field": "ünïcode", "op": "eq", "value": "x" }
          ],
          "odd name": 1
        }
        """;

    [Theory]
    [InlineData("$", 1, 1)]
    [InlineData("$.all", 2, 10)]
    [InlineData("$.all[0]", 3, 5)]
    [InlineData("$.all[0].field", 3, 16)]
    [InlineData("$.all[1].op", 4, 33)]
    [InlineData("$['odd name']", 6, 15)]
    public void TryGetPosition_KnownPath_ReturnsLineAndColumn(string path, int line, int column)
    {
        var map = JsonPositionMap.Build(Document);

        Assert.True(map.TryGetPosition(path, out var actualLine, out var actualColumn));
        Assert.Equal((line, column), (actualLine, actualColumn));
    }

    [Fact]
    public void TryGetPosition_PathBelowAKnownValue_FallsBackToTheNearestParent()
    {
        var map = JsonPositionMap.Build(Document);

        Assert.True(map.TryGetPosition("$.all[0].missing", out var line, out _));
        Assert.Equal(3, line);
    }

    [Fact]
    public void Build_MalformedJson_ThrowsWithLine()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonPositionMap.Build("{\n  \"a\": [1,\n  }"));
        var validation = JsonPositionMap.FromSyntaxError(error, "rules.json");

        Assert.Equal("rules.json", validation.Source);
        Assert.Equal(3, validation.Line);
        Assert.StartsWith("rules.json(3,", validation.ToString(), StringComparison.Ordinal);
    }
}
