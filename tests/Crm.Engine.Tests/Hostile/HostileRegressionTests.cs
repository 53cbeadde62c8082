using System.Text;
using Crm.Engine.Conditions;
using Crm.Engine.Json;
using Crm.Engine.Plugins;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Hostile;

/// <summary>The inputs the hostile suites found that used to end in untyped exceptions, pinned one by one.</summary>
public sealed class HostileRegressionTests
{
    private const string Workflow = """
        { "schemaVersion": 1, "id": "w", "version": 1, "entity": "customer", "initialState": "a",
          "triggers": { "go": {} },
          "states": { "a": {}, "b": { "final": true } },
          "transitions": [ { "from": "a", "trigger": "go", "to": "b" } ] }
        """;

    private const string Manifest = """{ "id": "acme.x", "version": "1.0.0", "kinds": [ "channel" ], "entry": { "assembly": "A.dll", "type": "A.P" }, "engine": "*" }""";

    [Fact]
    public void Workflow_DuplicatedKeyWhoseFirstValueHasTheWrongType_IsAValidationErrorNotAnInvalidOperation()
    {
        // The schema validator read the last "go" (an object), the loader the first (a string), and threw InvalidOperationException.
        var json = Workflow.Replace("\"triggers\": { \"go\": {} }", "\"triggers\": { \"go\": \"x\", \"go\": {} }", StringComparison.Ordinal);

        var error = Assert.Single(Assert.Throws<CrmValidationException>(() => WorkflowActions.CreateLoader().Load(json, "w.json")).Errors);

        Assert.Equal("$.triggers.go", error.Path);
        Assert.Contains("'go' appears twice", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 28), (error.Line, error.Column)); // the second "go": 2 spaces + "\"triggers\": { " (14) + "\"go\": \"x\", " (11) = 27 characters before it
    }

    [Theory]
    [InlineData("12345678901234567890")] // fits a decimal, not 64 bits: refused before NJsonSchema sees it
    [InlineData("123456789012345678901234567890")] // beyond a decimal: refused by the position map
    [InlineData("1e309")]
    public void Workflow_NumberBeyondRange_IsAValidationErrorNotAnInvalidCast(string number)
    {
        // NJsonSchema turned the integer into a BigInteger and threw InvalidCastException while checking "version".
        var json = Workflow.Replace("\"version\": 1", "\"version\": " + number, StringComparison.Ordinal);

        var error = Assert.Single(Assert.Throws<CrmValidationException>(() => WorkflowActions.CreateLoader().Load(json, "w.json")).Errors);

        Assert.Equal("$.version", error.Path);
        Assert.Contains(number.Length == 20 ? $"the integer {number} is out of range" : $"the number {number} is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TriggerPayload_NumberBeyondRange_IsAValidationError()
    {
        var definition = WorkflowActions.CreateLoader().Load(Workflow.Replace("\"go\": {}", "\"go\": { \"payload\": { \"type\": \"object\", \"properties\": { \"n\": { \"type\": \"number\" } } } }", StringComparison.Ordinal));

        var error = Assert.Throws<CrmValidationException>(() => WorkflowPayload.Parse(definition.Triggers["go"], """{ "n": 99999999999999999999999 }"""));

        Assert.Contains("out of range", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_InvalidUtf8InAValue_IsAPluginLoadErrorNotAnInvalidOperation()
    {
        // The reader decodes strings lazily: the bad byte used to surface as InvalidOperationException from GetString.
        var bytes = Encoding.UTF8.GetBytes(Manifest);
        bytes[Manifest.IndexOf("A.P", StringComparison.Ordinal)] = 0xF4;

        var error = await Assert.ThrowsAsync<CrmPluginLoadException>(() => PluginManifestReader.ReadAsync(bytes, "x/plugin.json"));

        Assert.Contains("not valid UTF-8 (byte 0xF4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_DuplicatedOperator_IsRefused()
    {
        // Which "op" wins used to depend on the reader; now neither does.
        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse("""{ "field": "country", "op": "eq", "op": "ne", "value": "DE" }""", CrmFields.Customer));

        Assert.Contains("'op' appears twice", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_ValueWithNul_IsRefusedOnEveryProvider()
    {
        // PostgreSQL threw an untyped PostgresException (22021) for such a value while SQLite compared it.
        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse("{ \"field\": \"firstName\", \"op\": \"in\", \"value\": [\"a\", \"x\\u0000' OR 1=1\"] }", CrmFields.Customer));

        var problem = Assert.Single(error.Errors);
        Assert.Equal(("$.value[1]", "value"), (problem.Path, problem.Rule));
        Assert.Contains("NUL character", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PositionMap_RepeatedNamesInDifferentObjects_AreFine() =>
        Assert.True(JsonPositionMap.Build("""{ "a": { "x": 1 }, "b": { "x": 2 }, "c": [ { "x": 3 }, { "x": 4 } ] }""").TryGetPosition("$.c[1].x", out _, out _));
}
