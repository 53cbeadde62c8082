using Crm.Plugins.Storage.Sqlite.Querying;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Maps the segment catalog: every customer field plus the RFM scores, read from <c>customer_rfm</c> by primary key.</summary>
internal static class SegmentSqlFields
{
    private const string Rfm = "(SELECT rfm.{1} FROM customer_rfm rfm WHERE rfm.tenant_id = @tenant AND rfm.customer_id = {0}.id)";

    public static SqlFieldMap Customer { get; } = Build();

    private static SqlFieldMap Build()
    {
        var source = SqlFieldMaps.Customer;
        var fields = new Dictionary<string, SqlField>(StringComparer.Ordinal);
        foreach (var name in source.FieldNames)
        {
            source.TryGetField(name, out var field);
            fields[name] = field;
        }

        fields["rfmRecency"] = new(SqlValueType.Count, Column("recency"), true);
        fields["rfmFrequency"] = new(SqlValueType.Count, Column("frequency"), true);
        fields["rfmMonetary"] = new(SqlValueType.Count, Column("monetary"), true);
        fields["rfmSegment"] = new(SqlValueType.Text, Column("segment"), true);
        var relations = new Dictionary<string, SqlRelation>(StringComparer.Ordinal);
        foreach (var name in source.RelationNames)
        {
            source.TryGetRelation(name, out var relation);
            relations[name] = relation;
        }

        return new SqlFieldMap(fields, source.AttributesColumn, relations);
    }

    // The column name is a constant of this class; {0} stays for the customer alias.
    private static string Column(string column) => Rfm.Replace("{1}", column, StringComparison.Ordinal);
}
