namespace Crm.Engine.AspNetCore.Tests;

internal static class TestWorkflows
{
    /// <summary>draft --submit (amount up to 1,000)--> review --approve--> approved.</summary>
    public const string Approval = """
        {
          "schemaVersion": 1,
          "id": "approval",
          "version": 1,
          "entity": "customer",
          "initialState": "draft",
          "triggers": {
            "submit": { "payload": { "type": "object", "properties": { "amount": { "type": "number", "minimum": 0 } }, "required": ["amount"] } },
            "approve": {}
          },
          "states": {
            "draft": {},
            "review": {},
            "approved": { "final": true }
          },
          "transitions": [
            { "from": "draft", "trigger": "submit", "to": "review", "guard": { "field": "payload.amount", "op": "lte", "value": 1000 }, "guardDescription": "amount up to 1,000" },
            { "from": "review", "trigger": "approve", "to": "approved" }
          ]
        }
        """;
}
