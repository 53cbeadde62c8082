using Crm.Plugins.Storage.Postgres.Querying;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>
/// Maps the segment catalog: every customer field plus the RFM scores, read from <c>customer_rfm</c>, which the
/// segment repository LEFT JOINs under <see cref="RfmAlias"/>.
/// </summary>
internal static class PgSegmentFields
{
    /// <summary>The alias of the joined <c>customer_rfm</c> row.</summary>
    public const string RfmAlias = "rfm";

    public static PgFieldMap Customer { get; } = Build();

    private static PgFieldMap Build()
    {
        var source = PgFieldMaps.Customer;
        var fields = new Dictionary<string, PgField>(StringComparer.Ordinal);
        foreach (var name in source.FieldNames)
        {
            source.TryGetField(name, out var field);
            fields[name] = field;
        }

        fields["rfmRecency"] = new(PgValueType.Number, Score("recency"), true);
        fields["rfmFrequency"] = new(PgValueType.Number, Score("frequency"), true);
        fields["rfmMonetary"] = new(PgValueType.Number, Score("monetary"), true);
        fields["rfmSegment"] = new(PgValueType.Text, Score("segment"), true);
        var relations = new Dictionary<string, PgRelation>(StringComparer.Ordinal);
        foreach (var name in source.RelationNames)
        {
            source.TryGetRelation(name, out var relation);
            relations[name] = relation;
        }

        return new PgFieldMap(fields, source.AttributesColumn, relations);
    }

    // The column name is a constant of this class.
    private static string Score(string column) => $"{RfmAlias}.{column}";
}
