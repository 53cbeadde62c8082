namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>Holds the hard-coded whitelist from catalog field names to SQL expressions for one kind of record.</summary>
internal sealed class PgFieldMap
{
    private readonly Dictionary<string, PgField> _fields;
    private readonly Dictionary<string, PgRelation> _relations;

    public PgFieldMap(IReadOnlyDictionary<string, PgField> fields, string? attributesColumn = null, IReadOnlyDictionary<string, PgRelation>? relations = null)
    {
        _fields = new Dictionary<string, PgField>(fields, StringComparer.Ordinal);
        _relations = relations is null ? [] : new Dictionary<string, PgRelation>(relations, StringComparer.Ordinal);
        AttributesColumn = attributesColumn;
    }

    /// <summary>Gets the template of the JSONB attributes column, or <see langword="null"/> when the record has none.</summary>
    public string? AttributesColumn { get; }

    public IEnumerable<string> FieldNames => _fields.Keys;

    public IEnumerable<string> RelationNames => _relations.Keys;

    public bool TryGetField(string name, out PgField field) => _fields.TryGetValue(name, out field!);

    public bool TryGetRelation(string name, out PgRelation relation) => _relations.TryGetValue(name, out relation!);
}
