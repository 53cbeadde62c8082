namespace Crm.Engine;

/// <summary>Resolves field names to column indexes of a header, through the mapping or by name (case-insensitive).</summary>
internal sealed class CsvColumns
{
    private readonly Dictionary<string, int> _byField = new(StringComparer.Ordinal);
    private readonly string[] _header;

    public CsvColumns(string[] header, IReadOnlyDictionary<string, string> map, IEnumerable<string> fields)
    {
        _header = header;
        foreach (var field in fields)
        {
            var name = map.TryGetValue(field, out var mapped) ? mapped : field;
            var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                _byField[field] = index;
            }
        }

        // Columns named attributes.<key> (or mapped to such a field) become attributes.
        foreach (var (field, column) in map)
        {
            if (field.StartsWith(Conditions.FieldCatalog.AttributePrefix, StringComparison.Ordinal) && !_byField.ContainsKey(field))
            {
                var index = Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    _byField[field] = index;
                }
            }
        }

        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (Conditions.FieldCatalog.IsAttributeField(name) && !_byField.ContainsKey(name))
            {
                _byField[name] = i;
            }
        }
    }

    public IEnumerable<KeyValuePair<string, int>> AttributeColumns =>
        _byField.Where(kv => kv.Key.StartsWith(Conditions.FieldCatalog.AttributePrefix, StringComparison.Ordinal));

    public bool Has(string field) => _byField.ContainsKey(field);

    public int IndexOf(string field) => _byField.TryGetValue(field, out var i) ? i : -1;

    /// <summary>Names the column a field error belongs to: <c>emails[1]</c> is in the emails column.</summary>
    public string? ColumnOf(string fieldPath)
    {
        var field = fieldPath;
        var nested = field.IndexOf("].", StringComparison.Ordinal);
        if (nested > 0)
        {
            field = field[(nested + 2)..];
        }

        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            field = field[..bracket];
        }

        if (field.StartsWith("demographics.", StringComparison.Ordinal))
        {
            field = field["demographics.".Length..];
        }

        return _byField.TryGetValue(field, out var index) ? _header[index] : null;
    }
}
