namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Holds the hard-coded whitelist from catalog field names to SQL expressions for one kind of record.
/// </summary>
internal sealed class SqlFieldMap
{
    private readonly Dictionary<string, SqlField> _fields;
    private readonly Dictionary<string, SqlRelation> _relations;

    public SqlFieldMap(IReadOnlyDictionary<string, SqlField> fields, string? attributesColumn = null, IReadOnlyDictionary<string, SqlRelation>? relations = null)
    {
        _fields = new Dictionary<string, SqlField>(fields, StringComparer.Ordinal);
        _relations = relations is null ? [] : new Dictionary<string, SqlRelation>(relations, StringComparer.Ordinal);
        AttributesColumn = attributesColumn;
    }

    /// <summary>Gets the template of the JSON attributes column, or <see langword="null"/> when the record has none.</summary>
    public string? AttributesColumn { get; }

    public IEnumerable<string> FieldNames => _fields.Keys;

    public IEnumerable<string> RelationNames => _relations.Keys;

    public bool TryGetField(string name, out SqlField field) => _fields.TryGetValue(name, out field!);

    public bool TryGetRelation(string name, out SqlRelation relation) => _relations.TryGetValue(name, out relation!);
}
