namespace Crm.Engine;

/// <summary>
/// Defines one custom field of a tenant: its key under <c>attributes.&lt;key&gt;</c>, its type and the rules every
/// customer write is checked against. Conditions over <c>attributes.&lt;key&gt;</c> are typed by it.
/// </summary>
/// <param name="Key">The attribute key: letters, digits, <c>_</c> and <c>-</c>, starting with a letter or <c>_</c>, at most 64 characters.</param>
/// <param name="Type">The value type.</param>
public sealed record CustomFieldDefinition(string Key, CustomFieldType Type)
{
    /// <summary>Gets a label for forms and exports, or <see langword="null"/> to use the key.</summary>
    public string? Label { get; init; }

    /// <summary>Gets whether every customer must have a value (rule <c>required</c>).</summary>
    public bool Required { get; init; }

    /// <summary>Gets the smallest number allowed (rule <c>min</c>), or for strings the shortest length (rule <c>minLength</c>).</summary>
    public decimal? Minimum { get; init; }

    /// <summary>Gets the largest number allowed (rule <c>max</c>), or for strings the longest length (rule <c>maxLength</c>).</summary>
    public decimal? Maximum { get; init; }

    /// <summary>Gets the earliest date allowed for <see cref="CustomFieldType.Date"/> fields (rule <c>min</c>).</summary>
    public DateOnly? EarliestDate { get; init; }

    /// <summary>Gets the latest date allowed for <see cref="CustomFieldType.Date"/> fields (rule <c>max</c>).</summary>
    public DateOnly? LatestDate { get; init; }

    /// <summary>Gets a .NET regular expression string values must match in full (rule <c>pattern</c>).</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the allowed values of an <see cref="CustomFieldType.Enum"/> field, in canonical case (rule <c>enum</c>).</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];
}
