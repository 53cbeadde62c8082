namespace Crm.Engine.Conditions;

/// <summary>
/// Defines the catalog segments are written against: every field and relation of <see cref="CrmFields.Customer"/>
/// plus the RFM scores of the last run (<c>rfmRecency</c>, <c>rfmFrequency</c>, <c>rfmMonetary</c>, <c>rfmSegment</c>).
/// </summary>
public static class SegmentFields
{
    /// <summary>The RFM field names added to the customer catalog.</summary>
    public static IReadOnlyList<string> RfmFieldNames { get; } = ["rfmRecency", "rfmFrequency", "rfmMonetary", "rfmSegment"];

    /// <summary>Gets the segment catalog without custom fields.</summary>
    public static FieldCatalog Customer { get; } = Build([]);

    /// <summary>Builds the segment catalog with typed <c>attributes.&lt;key&gt;</c> fields for a tenant's custom fields.</summary>
    /// <param name="customFields">The tenant's definitions.</param>
    /// <param name="includeRfm">Whether the RFM fields are included (segments) or not (plain customer searches).</param>
    /// <returns>The catalog; other attribute keys stay dynamic.</returns>
    public static FieldCatalog Build(IReadOnlyList<CustomFieldDefinition> customFields, bool includeRfm = true)
    {
        ArgumentNullException.ThrowIfNull(customFields);
        var baseCatalog = CrmFields.Customer;
        var fields = new List<FieldDescriptor>(baseCatalog.Fields);
        var rfm = new List<FieldDescriptor>
        {
            new("rfmRecency", FieldType.Number) { IsAggregate = true, Description = "Recency quintile 1-5 of the last RFM run; missing for customers without purchases." },
            new("rfmFrequency", FieldType.Number) { IsAggregate = true, Description = "Frequency quintile 1-5 of the last RFM run." },
            new("rfmMonetary", FieldType.Number) { IsAggregate = true, Description = "Monetary quintile 1-5 of the last RFM run." },
            new("rfmSegment", FieldType.Enum) { IsAggregate = true, AllowedValues = RfmSegments.All, Description = "Named RFM segment of the last run." },
        };
        if (includeRfm)
        {
            fields.AddRange(rfm);
        }

        foreach (var definition in customFields)
        {
            fields.Add(new FieldDescriptor(FieldCatalog.AttributePrefix + definition.Key, ToFieldType(definition.Type))
            {
                AllowedValues = definition.AllowedValues,
                Description = definition.Label,
            });
        }

        var relations = baseCatalog.Relations.ToDictionary(
            name => name,
            name => baseCatalog.TryGetRelation(name, out var related) ? related : throw new InvalidOperationException(name),
            StringComparer.Ordinal);
        return new FieldCatalog(baseCatalog.Entity, fields, relations, allowsAttributes: true);
    }

    /// <summary>Maps a custom field type to the condition field type it is compared as.</summary>
    /// <param name="type">The custom field type.</param>
    /// <returns>The field type.</returns>
    public static FieldType ToFieldType(CustomFieldType type) => type switch
    {
        CustomFieldType.Number or CustomFieldType.Decimal => FieldType.Number,
        CustomFieldType.Date => FieldType.Date,
        CustomFieldType.Boolean => FieldType.Boolean,
        CustomFieldType.Enum => FieldType.Enum,
        _ => FieldType.String,
    };
}
