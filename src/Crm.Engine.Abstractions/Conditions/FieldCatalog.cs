using System.Diagnostics.CodeAnalysis;

namespace Crm.Engine.Conditions;

/// <summary>
/// Lists the fields and relations conditions over one kind of record may name: the whitelist that keeps
/// conditions from reaching anything else, and the types that values are checked against.
/// </summary>
public sealed class FieldCatalog
{
    /// <summary>The prefix of custom attribute fields, such as <c>attributes.plan</c>.</summary>
    public const string AttributePrefix = "attributes.";

    private readonly Dictionary<string, FieldDescriptor> _fields;
    private readonly Dictionary<string, FieldCatalog> _relations;
    private readonly string[] _dynamicPrefixes = [];

    /// <summary>Initializes a catalog.</summary>
    /// <param name="entity">The record kind, such as <c>customer</c>, for messages.</param>
    /// <param name="fields">The fields.</param>
    /// <param name="relations">The relations by name, each with the catalog of the related record.</param>
    /// <param name="allowsAttributes">Whether <c>attributes.&lt;name&gt;</c> fields are accepted.</param>
    public FieldCatalog(string entity, IEnumerable<FieldDescriptor> fields, IReadOnlyDictionary<string, FieldCatalog>? relations = null, bool allowsAttributes = false)
    {
        Entity = entity;
        _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _relations = relations is null ? [] : new Dictionary<string, FieldCatalog>(relations, StringComparer.Ordinal);
        AllowsAttributes = allowsAttributes;
    }

    /// <summary>Gets the record kind, such as <c>customer</c>.</summary>
    public string Entity { get; }

    /// <summary>Gets whether <c>attributes.&lt;name&gt;</c> fields are accepted.</summary>
    public bool AllowsAttributes { get; }

    /// <summary>
    /// Gets prefixes (such as <c>payload.</c>) under which any safe key is a <see cref="FieldType.Dynamic"/> field,
    /// besides <c>attributes.</c> when <see cref="AllowsAttributes"/> is set.
    /// </summary>
    public IReadOnlyList<string> DynamicPrefixes => _dynamicPrefixes;

    /// <summary>
    /// Creates a copy of this catalog that also accepts <c>&lt;prefix&gt;&lt;key&gt;</c> fields of dynamic type, such as a
    /// workflow trigger's <c>payload.amount</c>.
    /// </summary>
    /// <param name="prefix">The prefix, ending with a dot.</param>
    /// <returns>The extended catalog.</returns>
    public FieldCatalog WithDynamicPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return new FieldCatalog(this, [.. _dynamicPrefixes, prefix]);
    }

    private FieldCatalog(FieldCatalog source, string[] dynamicPrefixes)
    {
        Entity = source.Entity;
        _fields = source._fields;
        _relations = source._relations;
        AllowsAttributes = source.AllowsAttributes;
        _dynamicPrefixes = dynamicPrefixes;
    }

    /// <summary>Gets the fields, in declaration order.</summary>
    public IEnumerable<FieldDescriptor> Fields => _fields.Values;

    /// <summary>Gets the relation names.</summary>
    public IEnumerable<string> Relations => _relations.Keys;

    /// <summary>Finds a field by name, including <c>attributes.&lt;name&gt;</c> when attributes are allowed.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="field">The descriptor when found.</param>
    /// <returns>Whether the name is a known field.</returns>
    public bool TryGetField(string name, [NotNullWhen(true)] out FieldDescriptor? field)
    {
        if (_fields.TryGetValue(name, out field))
        {
            return true;
        }

        if (AllowsAttributes && IsAttributeField(name))
        {
            field = new FieldDescriptor(name, FieldType.Dynamic);
            return true;
        }

        foreach (var prefix in _dynamicPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && IsSafeAttributeKey(name.AsSpan(prefix.Length)))
            {
                field = new FieldDescriptor(name, FieldType.Dynamic);
                return true;
            }
        }

        field = null;
        return false;
    }

    /// <summary>Finds a relation's catalog by name.</summary>
    /// <param name="name">The relation name.</param>
    /// <param name="catalog">The related record's catalog when found.</param>
    /// <returns>Whether the relation exists.</returns>
    public bool TryGetRelation(string name, [NotNullWhen(true)] out FieldCatalog? catalog) =>
        _relations.TryGetValue(name, out catalog);

    /// <summary>
    /// Tells whether a name is a custom attribute field with a safe key: letters, digits, <c>_</c> and <c>-</c>,
    /// starting with a letter or <c>_</c>, at most 64 characters.
    /// </summary>
    /// <param name="name">The field name.</param>
    /// <returns>Whether the name is <c>attributes.&lt;key&gt;</c> with a safe key.</returns>
    public static bool IsAttributeField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(AttributePrefix, StringComparison.Ordinal) && IsSafeAttributeKey(name.AsSpan(AttributePrefix.Length));
    }

    /// <summary>Tells whether an attribute key is safe to use in storage paths.</summary>
    /// <param name="key">The key without prefix.</param>
    /// <returns>Whether the key is valid.</returns>
    public static bool IsSafeAttributeKey(ReadOnlySpan<char> key)
    {
        if (key.Length is 0 or > 64 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
