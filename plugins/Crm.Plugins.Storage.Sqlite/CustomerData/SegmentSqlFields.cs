using Crm.Plugins.Storage.Sqlite.Querying;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>
/// Maps the segment catalog: every customer field plus the RFM scores of <c>customer_rfm</c>. Conditions on the scores
/// are lookups (<c>c.id IN (SELECT customer_id FROM customer_rfm WHERE segment = ...)</c>, served by
/// <c>ix_customer_rfm_segment</c> or the primary key); the expression is the per-customer read for anything else.
/// </summary>
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

        fields["rfmRecency"] = new(SqlValueType.Count, Column("recency"), true) { Lookup = Lookup("recency") };
        fields["rfmFrequency"] = new(SqlValueType.Count, Column("frequency"), true) { Lookup = Lookup("frequency") };
        fields["rfmMonetary"] = new(SqlValueType.Count, Column("monetary"), true) { Lookup = Lookup("monetary") };
        fields["rfmSegment"] = new(SqlValueType.Text, Column("segment"), true) { Lookup = Lookup("segment") };
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

    private static SqlLookup Lookup(string column) => new("customer_rfm rfm", "rfm.tenant_id", "rfm.customer_id", "rfm." + column);
}
