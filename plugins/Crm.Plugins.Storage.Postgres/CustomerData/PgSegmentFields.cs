using Crm.Plugins.Storage.Postgres.Querying;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>Maps the segment catalog: every customer field plus the RFM scores, read from <c>customer_rfm</c> by primary key.</summary>
internal static class PgSegmentFields
{
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

    // The column name is a constant of this class; {0} stays for the customer alias.
    private static string Score(string column) =>
        $"(SELECT rfm.{column} FROM customer_rfm rfm WHERE rfm.tenant_id = @tenant AND rfm.customer_id = {{0}}.id)";
}
