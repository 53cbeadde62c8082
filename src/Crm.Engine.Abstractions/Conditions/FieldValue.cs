namespace Crm.Engine.Conditions;

/// <summary>
/// Holds the value of one field of a record being evaluated in memory, without boxing.
/// </summary>
public readonly struct FieldValue
{
    private readonly string? _text;
    private readonly decimal _number;
    private readonly DateTimeOffset _instant;
    private readonly DateOnly _date;
    private readonly bool _boolean;
    private readonly IReadOnlyCollection<string>? _set;

    private FieldValue(FieldValueKind kind, string? text = null, decimal number = 0, DateTimeOffset instant = default, DateOnly date = default, bool boolean = false, IReadOnlyCollection<string>? set = null)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _instant = instant;
        _date = date;
        _boolean = boolean;
        _set = set;
    }

    /// <summary>Gets the missing value.</summary>
    public static FieldValue Missing => default;

    /// <summary>Gets what the value holds.</summary>
    public FieldValueKind Kind { get; }

    /// <summary>Gets the text of a <see cref="FieldValueKind.String"/> value.</summary>
    public string Text => _text ?? "";

    /// <summary>Gets the number of a <see cref="FieldValueKind.Number"/> value.</summary>
    public decimal Number => _number;

    /// <summary>Gets the instant of a <see cref="FieldValueKind.DateTime"/> value.</summary>
    public DateTimeOffset Instant => _instant;

    /// <summary>Gets the date of a <see cref="FieldValueKind.Date"/> value.</summary>
    public DateOnly Date => _date;

    /// <summary>Gets the flag of a <see cref="FieldValueKind.Boolean"/> value.</summary>
    public bool Boolean => _boolean;

    /// <summary>Gets the elements of a <see cref="FieldValueKind.StringSet"/> value.</summary>
    public IReadOnlyCollection<string> Set => _set ?? [];

    /// <summary>Creates a text value, or a missing one for <see langword="null"/>.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromString(string? value) => value is null ? Missing : new(FieldValueKind.String, text: value);

    /// <summary>Creates a number value, or a missing one for <see langword="null"/>.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromNumber(decimal? value) => value is null ? Missing : new(FieldValueKind.Number, number: value.Value);

    /// <summary>Creates a boolean value, or a missing one for <see langword="null"/>.</summary>
    /// <param name="value">The flag.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromBoolean(bool? value) => value is null ? Missing : new(FieldValueKind.Boolean, boolean: value.Value);

    /// <summary>Creates a date value, or a missing one for <see langword="null"/>.</summary>
    /// <param name="value">The date.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromDate(DateOnly? value) => value is null ? Missing : new(FieldValueKind.Date, date: value.Value);

    /// <summary>Creates an instant value, or a missing one for <see langword="null"/>.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromDateTime(DateTimeOffset? value) => value is null ? Missing : new(FieldValueKind.DateTime, instant: value.Value);

    /// <summary>Creates a set value (an empty set is a value, not missing).</summary>
    /// <param name="value">The elements.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromSet(IReadOnlyCollection<string> value) => new(FieldValueKind.StringSet, set: value);

    /// <summary>Converts a custom attribute value the way storage providers expose it: dates as <c>yyyy-MM-dd</c> text.</summary>
    /// <param name="value">The attribute value.</param>
    /// <returns>The field value.</returns>
    public static FieldValue FromAttribute(AttributeValue value) => value.Kind switch
    {
        AttributeKind.Number => FromNumber(value.AsNumber()),
        AttributeKind.Boolean => FromBoolean(value.AsBoolean()),
        _ => FromString(value.ToString()),
    };
}
