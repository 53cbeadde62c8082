using System.Text.Json;

namespace Crm.Engine.Workflows;

/// <summary>Parses a trigger's payload and checks it against the trigger's JSON Schema.</summary>
internal static class WorkflowPayload
{
    /// <summary>Parses and validates a payload; a missing payload is checked as an empty object when a schema is declared.</summary>
    /// <exception cref="CrmValidationException">The JSON is malformed or breaks the schema; each error names its JSON path under <c>payload</c>.</exception>
    public static JsonElement Parse(WorkflowTrigger trigger, string? json)
    {
        var element = default(JsonElement);
        if (json is not null)
        {
            try
            {
                // The position map refuses what the schema validator cannot read (duplicate keys, invalid UTF-8).
                _ = Crm.Engine.Json.JsonPositionMap.Build(json);
                using var document = JsonDocument.Parse(json);
                var rangeErrors = new List<ValidationError>();
                if (!SchemaNumbers.Check(document.RootElement, "payload", rangeErrors))
                {
                    throw new CrmValidationException(rangeErrors);
                }

                element = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new CrmValidationException("payload", $"the payload of trigger '{trigger.Name}' is not valid JSON: {e.Message}", "syntax");
            }
        }

        if (trigger.PayloadSchema is { } schema)
        {
            var errors = WorkflowSchemaErrors.Convert(schema.Validate(json ?? "{}"), "payload")
                .Select(e => e with { Message = $"trigger '{trigger.Name}': {e.Message}" })
                .ToList();
            if (errors.Count > 0)
            {
                throw new CrmValidationException(errors);
            }
        }

        return element;
    }
}
