namespace Crm.Engine.Tests.Workflows;

/// <summary>Small definitions that exercise one runtime feature each.</summary>
internal static class RuntimeDefinitions
{
    /// <summary>An approval flow: guarded submit with a typed payload, timers, an internal transition, a failing entry action.</summary>
    public const string Approval = """
        {
          "schemaVersion": 1,
          "id": "approval",
          "version": 1,
          "entity": "customer",
          "initialState": "draft",
          "triggers": {
            "submit": { "payload": { "type": "object", "properties": { "amount": { "type": "number", "minimum": 0 }, "note": { "type": "string" } }, "required": ["amount"] } },
            "approve": {},
            "remind": {},
            "touch": { "payload": { "type": "object", "properties": { "urgent": { "type": "boolean" } } } },
            "fail": {},
            "expire": {},
            "restart": {},
            "nest": {},
            "replied": { "on": [ { "event": "interactionRecorded", "where": { "field": "direction", "op": "eq", "value": "Inbound" } } ] }
          },
          "states": {
            "draft": {
              "onEntry": [ { "action": "record", "params": { "label": "enter-draft" } } ],
              "timeouts": [ { "after": "P1D", "fire": "remind" } ]
            },
            "review": {
              "onEntry": [ { "action": "addTag", "params": { "tag": "in-review" } }, { "action": "record", "params": { "label": "enter-review" } } ],
              "onExit": [ { "action": "record", "params": { "label": "exit-review" } } ],
              "timeouts": [ { "after": "P2D", "fire": "expire" } ]
            },
            "broken": {
              "onEntry": [ { "action": "addTag", "params": { "tag": "broken" } }, { "action": "explode" } ],
              "timeouts": [ { "after": "PT1H", "fire": "expire" } ]
            },
            "approved": { "final": true, "onEntry": [ { "action": "record", "params": { "label": "enter-approved" } } ] },
            "expired": { "final": true }
          },
          "transitions": [
            { "from": "draft", "trigger": "submit", "to": "review", "guard": { "field": "payload.amount", "op": "lte", "value": 1000 }, "guardDescription": "amount up to 1,000",
              "actions": [ { "action": "record", "params": { "label": "submit-action" } } ] },
            { "from": "draft", "trigger": "remind", "actions": [ { "action": "record", "params": { "label": "reminded" } } ] },
            { "from": "draft", "trigger": "fail", "to": "broken" },
            { "from": "draft", "trigger": "nest", "actions": [ { "action": "nest" } ] },
            { "from": "draft", "trigger": "replied", "to": "review" },
            { "from": "review", "trigger": "approve", "to": "approved" },
            { "from": "review", "trigger": "touch", "guard": { "field": "payload.urgent", "op": "eq", "value": true }, "actions": [ { "action": "record", "params": { "label": "touched" } } ] },
            { "from": "review", "trigger": "expire", "to": "expired" },
            { "from": "review", "trigger": "restart", "to": "review", "reentry": true },
            { "from": "broken", "trigger": "expire", "to": "expired" }
          ],
          "retry": { "attempts": 2, "backoff": "PT1S", "maxBackoff": "PT1S", "jitter": 0 }
        }
        """;

    /// <summary>Runs the built-in customer actions and a scheduled trigger.</summary>
    public const string Actions = """
        {
          "schemaVersion": 1,
          "id": "actions",
          "version": 1,
          "entity": "customer",
          "initialState": "idle",
          "triggers": { "enrich": {}, "ping": {}, "leave": {}, "chained": {}, "promote": {} },
          "states": {
            "idle": { "onEntry": [ { "action": "scheduleTrigger", "params": { "trigger": "ping", "after": "P1D" } } ] },
            "enriched": {
              "onEntry": [
                { "action": "setField", "params": { "field": "attributes.score", "value": 42 } },
                { "action": "setField", "params": { "field": "attributes.plan", "value": "gold" } },
                { "action": "setField", "params": { "field": "lifecycleStage", "value": "customer" } },
                { "action": "setField", "params": { "field": "city", "value": "Lisbon" } },
                { "action": "assignOwner", "params": { "ownerId": "owner-7" } },
                { "action": "addTag", "params": { "tag": "vip" } },
                { "action": "removeTag", "params": { "tag": "prospect" } },
                { "action": "createTask", "params": { "title": "Welcome call", "due": "PT4H" } },
                { "action": "scheduleTrigger", "params": { "trigger": "ping", "after": "PT1H" } }
              ]
            },
            "gone": { "onEntry": [ { "action": "chain", "params": { "trigger": "chained" } } ] }
          },
          "transitions": [
            { "from": "idle", "trigger": "enrich", "to": "enriched" },
            { "from": "enriched", "trigger": "ping", "actions": [ { "action": "record", "params": { "label": "pinged" } } ] },
            { "from": "enriched", "trigger": "leave", "to": "gone" },
            { "from": "enriched", "trigger": "promote", "to": "gone", "guard": { "all": [ { "field": "interactionCount", "op": "gte", "value": 2 }, { "some": "interactions", "where": { "field": "direction", "op": "eq", "value": "Inbound" } } ] }, "guardDescription": "two contacts, one inbound" },
            { "from": "gone", "trigger": "ping", "actions": [ { "action": "record", "params": { "label": "pinged-after-leaving" } } ] },
            { "from": "gone", "trigger": "chained", "actions": [ { "action": "record", "params": { "label": "chained" } } ] }
          ]
        }
        """;
}
