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
            { "from": "draft", "trigger": "replied", "to": "review" },
            { "from": "review", "trigger": "approve", "to": "approved" },
            { "from": "review", "trigger": "touch", "guard": { "field": "payload.urgent", "op": "eq", "value": true }, "actions": [ { "action": "record", "params": { "label": "touched" } } ] },
            { "from": "review", "trigger": "expire", "to": "expired" },
            { "from": "broken", "trigger": "expire", "to": "expired" }
          ],
          "retry": { "attempts": 2, "backoff": "PT1S", "maxBackoff": "PT1S", "jitter": 0 }
        }
        """;
}
