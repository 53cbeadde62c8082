using Crm.Engine.Conditions;
using Crm.Engine.Workflows;

namespace Crm.Engine.Tests.Workflows;

public class WorkflowDefinitionLoaderTests
{
    private const string Valid = """
        {
          "$schema": "../schemas/workflow.schema.json",
          "schemaVersion": 1,
          "id": "lead-lifecycle",
          "version": 2,
          "entity": "lead",
          "initialState": "new",
          "calendars": {
            "office": { "timeZone": "Europe/Berlin", "workingDays": ["monday","tuesday","wednesday","thursday","friday"], "start": "09:00", "end": "17:00", "holidays": ["2026-12-25"] }
          },
          "triggers": {
            "replied": { "on": [ { "event": "interactionRecorded", "where": { "field": "direction", "op": "eq", "value": "inbound" } } ] },
            "qualify": { "payload": { "type": "object", "properties": { "budget": { "type": "number" }, "authority": { "type": "boolean" } }, "required": ["budget"] } },
            "noResponse": {},
            "close": {}
          },
          "states": {
            "new": { "onEntry": [ { "action": "addTag", "params": { "tag": "new-lead" } } ], "timeouts": [ { "after": "P2D", "fire": "noResponse", "calendar": "office" } ] },
            "open": { "initial": "contacted" },
            "contacted": { "parent": "open", "timeouts": [ { "after": "P3D", "fire": "noResponse" } ] },
            "qualified": { "parent": "open", "onEntry": [ { "action": "assignOwner", "params": { "ownerId": "sales-team" } } ] },
            "lost": { "final": true },
            "won": { "final": true }
          },
          "transitions": [
            { "from": "new", "trigger": "replied", "to": "open" },
            { "from": "new", "trigger": "noResponse", "to": "lost" },
            { "from": "contacted", "trigger": "qualify", "to": "qualified", "guard": { "field": "payload.budget", "op": "gte", "value": 10000 }, "guardDescription": "budget of at least 10k" },
            { "from": "contacted", "trigger": "qualify", "to": "lost", "guard": { "field": "payload.budget", "op": "lt", "value": 10000 } },
            { "from": "contacted", "trigger": "noResponse", "to": "lost" },
            { "from": "open", "trigger": "close", "to": "won", "actions": [ { "action": "sendMessage", "params": { "channel": "email", "template": "welcome" } } ] }
          ],
          "retry": { "attempts": 5, "backoff": "PT10S", "maxBackoff": "PT10M", "jitter": 0.1 }
        }
        """;

    private static readonly WorkflowDefinitionLoader Loader = new(TestAction.All);

    [Fact]
    public void Load_ValidDefinition_BuildsTheModel()
    {
        var definition = Loader.Load(Valid, "lead.json");

        Assert.Equal(("lead-lifecycle", 2, WorkflowEntity.Lead, "new"), (definition.Id, definition.Version, definition.Entity, definition.InitialState));
        Assert.Equal(6, definition.States.Count);
        Assert.Equal("open", definition.States["contacted"].Parent);
        Assert.Equal("contacted", definition.States["open"].Initial);
        Assert.True(definition.States["won"].IsFinal);
        var timer = Assert.Single(definition.States["new"].Timeouts);
        Assert.Equal((IsoDuration.FromDays(2), "noResponse", "office"), (timer.After, timer.Fire, timer.Calendar));
        var guarded = definition.Transitions[2];
        Assert.IsType<ComparisonCondition>(guarded.Guard);
        Assert.Equal("budget of at least 10k", guarded.GuardDescription);
        Assert.Equal("interactionRecorded", Assert.Single(definition.Triggers["replied"].Events).Event);
        Assert.NotNull(definition.Triggers["qualify"].PayloadSchema);
        Assert.Equal((5, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), 0.1), (definition.Retry.Attempts, definition.Retry.Backoff, definition.Retry.MaxBackoff, definition.Retry.Jitter));
        Assert.Equal("lead.json", definition.Source);
    }

    [Theory]
    [InlineData("\"to\": \"open\" }", "\"to\": \"opne\" }", "$.transitions[0].to", "state 'opne' is not declared in 'states'. Did you mean 'open'?")]
    [InlineData("\"initialState\": \"new\"", "\"initialState\": \"start\"", "$.initialState", "the initial state 'start' is not declared")]
    [InlineData("{ \"from\": \"new\", \"trigger\": \"replied\", \"to\": \"open\" },", "", "$.states.open", "state 'open' is unreachable from the initial state 'new'")]
    [InlineData("\"lost\": { \"final\": true }", "\"lost\": { \"final\": true, \"timeouts\": [ { \"after\": \"P1D\", \"fire\": \"close\" } ] }", "$.states.lost.timeouts", "final state 'lost' cannot have timers")]
    [InlineData("\"action\": \"addTag\"", "\"action\": \"addTags\"", "$.states.new.onEntry[0].action", "unknown action 'addTags'. Did you mean 'addTag'?")]
    [InlineData("\"params\": { \"tag\": \"new-lead\" }", "\"params\": { \"label\": \"new-lead\" }", "$.states.new.onEntry[0].params.tag", "action 'addTag': missing required property 'tag'")]
    [InlineData("\"field\": \"payload.budget\", \"op\": \"gte\"", "\"field\": \"payload.budgett\", \"op\": \"gte\"", "$.transitions[2].guard.field", "unknown field 'payload.budgett' for customer. Did you mean 'payload.budget'?")]
    [InlineData("\"trigger\": \"close\", \"to\": \"won\"", "\"trigger\": \"closed\", \"to\": \"won\"", "$.transitions[5].trigger", "trigger 'closed' is not declared in 'triggers'. Did you mean 'close'?")]
    [InlineData("\"fire\": \"noResponse\", \"calendar\": \"office\"", "\"fire\": \"noResponse\", \"calendar\": \"ofice\"", "$.states.new.timeouts[0].calendar", "calendar 'ofice' is not declared")]
    [InlineData("\"after\": \"P2D\"", "\"after\": \"P1M\"", "$.states.new.timeouts[0].after", "business time counts days and hours only")]
    [InlineData("\"Europe/Berlin\"", "\"Mars/Olympus\"", "$.calendars.office.timeZone", "unknown time zone 'Mars/Olympus'")]
    [InlineData("\"value\": \"inbound\"", "\"value\": \"sideways\"", "$.triggers.replied.on[0].where.value", "not a valid value for enum field 'direction'")]
    [InlineData("\"guard\": { \"field\": \"payload.budget\", \"op\": \"lt\", \"value\": 10000 }", "\"guard\": { \"field\": \"payload.budget\", \"op\": \"gte\", \"value\": 10000 }", "$.transitions[3].guard", "have the same guard as $.transitions[2]")]
    [InlineData("{ \"from\": \"contacted\", \"trigger\": \"noResponse\", \"to\": \"lost\" }", "{ \"from\": \"contacted\", \"trigger\": \"qualify\", \"to\": \"lost\" }", "$.transitions[4]", "overlap")]
    [InlineData("\"contacted\": { \"parent\": \"open\"", "\"contacted\": { \"parent\": \"qualified\"", "$.states.open.initial", "initial substate 'contacted' must be a state whose parent is 'open'")]
    [InlineData("\"won\": { \"final\": true }", "\"won\": { \"parent\": \"won\" }", "$.states.won.parent", "is its own ancestor")]
    [InlineData("\"retry\": { \"attempts\": 5,", "\"retry\": { \"attempts\": 5, \"extra\": 1,", "$.retry.extra", "unknown property 'extra'")]
    [InlineData("\"version\": 2,", "\"version\": \"two\",", "$.version", "must be a whole number")]
    [InlineData("\"version\": 2,", "\"version\": 2, \"migrateFrom\": { \"version\": 2, \"states\": { \"old\": \"nowhere\" } },", "$.migrateFrom.version", "must be lower than this definition's version 2")]
    public void Validate_BrokenDefinition_ReportsPathLineAndMessage(string find, string replace, string path, string message)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var (definition, errors) = Loader.Validate(json, "lead.json");

        Assert.Null(definition);
        var error = errors.FirstOrDefault(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error is not null, $"expected '{path}: {message}' among:\n{string.Join("\n", errors)}");
        Assert.Equal("lead.json", error.Source);
        Assert.NotNull(error.Line);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void Validate_ErrorLine_PointsAtTheOffendingValue()
    {
        var json = Valid.Replace("\"to\": \"open\" }", "\"to\": \"opne\" }", StringComparison.Ordinal);
        var expectedLine = json.Split('\n').ToList().FindIndex(l => l.Contains("\"opne\"", StringComparison.Ordinal)) + 1;

        var error = Assert.Single(Loader.Validate(json, "lead.json").Errors);

        Assert.Equal(expectedLine, error.Line);
        Assert.StartsWith($"lead.json({expectedLine},", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedJson_ThrowsWithSyntaxLine()
    {
        var error = Assert.Throws<CrmValidationException>(() => Loader.Load("{\n  \"id\": \"x\",\n  \"states\": {\n}", "broken.json"));

        Assert.Equal("syntax", error.Errors[0].Rule);
        Assert.Equal("broken.json", error.Errors[0].Source);
        Assert.NotNull(error.Errors[0].Line);
    }

    [Fact]
    public void Validate_MissingRequiredTopLevelProperties_NamesThem()
    {
        var (_, errors) = Loader.Validate("""{ "schemaVersion": 1, "id": "x", "version": 1, "entity": "customer", "states": { "a": {} } }""");

        Assert.Contains(errors, e => e.Path == "$.initialState" && e.Message.Contains("missing required property 'initialState'", StringComparison.Ordinal) && e.Line == 1);
    }

    [Fact]
    public void Validate_ClrTypeNameAsAction_IsRejectedAsUnknownAction()
    {
        var json = Valid.Replace("\"action\": \"addTag\"", "\"action\": \"Crm.Engine.Workflows.AddTagAction, Crm.Engine\"", StringComparison.Ordinal);

        Assert.Contains(Loader.Validate(json).Errors, e => e.Rule == "unknownAction");
    }
}
