using Crm.Engine.Conditions;
using NJsonSchema;

namespace Crm.Engine.Workflows;

/// <summary>
/// Gives workflow guards their field catalogs: deals and cases (until those records get catalogs of their own in
/// the contracts), and the entity catalog extended with a trigger's payload fields.
/// </summary>
internal static class WorkflowEntityFields
{
    public static FieldCatalog Deal { get; } = new("deal",
    [
        new("name", FieldType.String),
        new("amount", FieldType.Number),
        new("currency", FieldType.String),
        new("stage", FieldType.String),
        new("probability", FieldType.Number),
        new("ownerId", FieldType.String),
        new("expectedCloseDate", FieldType.Date),
        new("createdAt", FieldType.DateTime),
        new("updatedAt", FieldType.DateTime),
    ], allowsAttributes: true);

    public static FieldCatalog Case { get; } = new("case",
    [
        new("subject", FieldType.String),
        new("priority", FieldType.Enum) { AllowedValues = ["Low", "Normal", "High", "Urgent"] },
        new("category", FieldType.String),
        new("status", FieldType.String),
        new("ownerId", FieldType.String),
        new("createdAt", FieldType.DateTime),
        new("firstResponseAt", FieldType.DateTime),
        new("resolvedAt", FieldType.DateTime),
    ], allowsAttributes: true);

    /// <summary>Adds <c>payload.&lt;property&gt;</c> for each property the payload schema declares, typed from the schema.</summary>
    public static FieldCatalog WithPayload(FieldCatalog entity, JsonSchema payload)
    {
        var relations = new Dictionary<string, FieldCatalog>(StringComparer.Ordinal);
        foreach (var name in entity.Relations)
        {
            entity.TryGetRelation(name, out var related);
            relations[name] = related!;
        }

        var payloadFields = payload.ActualProperties.Select(p => new FieldDescriptor("payload." + p.Key, TypeOf(p.Value)));
        return new FieldCatalog(entity.Entity, entity.Fields.Concat(payloadFields), relations, entity.AllowsAttributes);
    }

    private static FieldType TypeOf(JsonSchemaProperty property) => property.Type switch
    {
        JsonObjectType.String when property.Format == "date-time" => FieldType.DateTime,
        JsonObjectType.String when property.Format == "date" => FieldType.Date,
        JsonObjectType.String when property.Enumeration.Count > 0 => FieldType.String,
        JsonObjectType.String => FieldType.String,
        JsonObjectType.Integer or JsonObjectType.Number => FieldType.Number,
        JsonObjectType.Boolean => FieldType.Boolean,
        _ => FieldType.Dynamic,
    };
}
