using System.Text.Json;

namespace Crm.Engine.Workflows.Actions;

/// <summary>
/// Sets one whitelisted field of the workflow's customer, or a custom attribute:
/// <c>{"action": "setField", "params": {"field": "lifecycleStage", "value": "SalesQualified"}}</c> or
/// <c>{"field": "attributes.budget", "value": 25000}</c>. A <see langword="null"/> value clears the field.
/// </summary>
internal sealed class SetFieldAction : IWorkflowAction
{
    public string Name => "setField";

    public string ParameterSchema => """
        {
          "type": "object",
          "properties": {
            "field": { "type": "string", "pattern": "^(firstName|lastName|company|lifecycleStage|gender|city|region|country|postalCode|incomeBand|attributes\\.[A-Za-z_][A-Za-z0-9_-]{0,63})$" },
            "value": { "type": ["string", "number", "boolean", "null"] }
          },
          "required": ["field", "value"],
          "additionalProperties": false
        }
        """;

    public Task ExecuteAsync(WorkflowActionContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        var field = parameters.GetProperty("field").GetString()!;
        var value = parameters.GetProperty("value");
        return CustomerActionWriter.UpdateAsync(context, Name, c => Apply(c, field, value), cancellationToken);
    }

    private static Customer Apply(Customer customer, string field, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
        var d = customer.Demographics;
        return field switch
        {
            "firstName" => customer with { FirstName = text ?? "" },
            "lastName" => customer with { LastName = text ?? "" },
            "company" => customer with { Company = text },
            "lifecycleStage" => customer with
            {
                LifecycleStage = Enum.TryParse<LifecycleStage>(text, ignoreCase: true, out var stage) && Enum.IsDefined(stage)
                    ? stage
                    : throw new ArgumentException($"'{text}' is not a lifecycle stage; use one of {string.Join(", ", Enum.GetNames<LifecycleStage>())}."),
            },
            "gender" => customer with { Demographics = d with { Gender = text } },
            "city" => customer with { Demographics = d with { City = text } },
            "region" => customer with { Demographics = d with { Region = text } },
            "country" => customer with { Demographics = d with { Country = text } },
            "postalCode" => customer with { Demographics = d with { PostalCode = text } },
            "incomeBand" => customer with { Demographics = d with { IncomeBand = text } },
            _ => customer with { Attributes = SetAttribute(customer.Attributes, field[Conditions.FieldCatalog.AttributePrefix.Length..], value) },
        };
    }

    private static Dictionary<string, AttributeValue> SetAttribute(IReadOnlyDictionary<string, AttributeValue> attributes, string key, JsonElement value)
    {
        var copy = new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal);
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                copy.Remove(key);
                break;
            case JsonValueKind.Number:
                copy[key] = AttributeValue.FromNumber(value.GetDecimal());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                copy[key] = AttributeValue.FromBoolean(value.GetBoolean());
                break;
            default:
                copy[key] = AttributeValue.FromString(value.GetString()!);
                break;
        }

        return copy;
    }
}
