using System.Globalization;

namespace Crm.Engine;

/// <summary>
/// Holds one typed custom attribute value without boxing.
/// </summary>
public readonly record struct AttributeValue
{
    private readonly string? _text;
    private readonly decimal _number;
    private readonly DateOnly _date;
    private readonly bool _boolean;

    private AttributeValue(AttributeKind kind, string? text, decimal number, DateOnly date, bool boolean)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _date = date;
        _boolean = boolean;
    }

    /// <summary>Gets the type of the value.</summary>
    public AttributeKind Kind { get; }

    /// <summary>Creates a text value.</summary>
    /// <param name="value">The text; must not be null.</param>
    /// <returns>The attribute value.</returns>
    public static AttributeValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AttributeKind.String, value, 0, default, false);
    }

    /// <summary>Creates a number value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The attribute value.</returns>
    public static AttributeValue FromNumber(decimal value) => new(AttributeKind.Number, null, value, default, false);

    /// <summary>Creates a date value.</summary>
    /// <param name="value">The date.</param>
    /// <returns>The attribute value.</returns>
    public static AttributeValue FromDate(DateOnly value) => new(AttributeKind.Date, null, 0, value, false);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The flag.</param>
    /// <returns>The attribute value.</returns>
    public static AttributeValue FromBoolean(bool value) => new(AttributeKind.Boolean, null, 0, default, value);

    /// <summary>Gets the text of a <see cref="AttributeKind.String"/> value.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public string AsString() => Kind == AttributeKind.String ? _text! : throw WrongKind(AttributeKind.String);

    /// <summary>Gets the number of a <see cref="AttributeKind.Number"/> value.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public decimal AsNumber() => Kind == AttributeKind.Number ? _number : throw WrongKind(AttributeKind.Number);

    /// <summary>Gets the date of a <see cref="AttributeKind.Date"/> value.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public DateOnly AsDate() => Kind == AttributeKind.Date ? _date : throw WrongKind(AttributeKind.Date);

    /// <summary>Gets the flag of a <see cref="AttributeKind.Boolean"/> value.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public bool AsBoolean() => Kind == AttributeKind.Boolean ? _boolean : throw WrongKind(AttributeKind.Boolean);

    /// <summary>Formats the value invariantly (dates as <c>yyyy-MM-dd</c>, booleans as <c>true</c>/<c>false</c>).</summary>
    /// <returns>The invariant text form.</returns>
    public override string ToString() => Kind switch
    {
        AttributeKind.String => _text ?? "",
        AttributeKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        AttributeKind.Date => _date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => _boolean ? "true" : "false",
    };

    /// <summary>Creates a text value.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator AttributeValue(string value) => FromString(value);

    /// <summary>Creates a number value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator AttributeValue(decimal value) => FromNumber(value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The flag.</param>
    public static implicit operator AttributeValue(bool value) => FromBoolean(value);

    /// <summary>Creates a date value.</summary>
    /// <param name="value">The date.</param>
    public static implicit operator AttributeValue(DateOnly value) => FromDate(value);

    private InvalidOperationException WrongKind(AttributeKind wanted) =>
        new($"The attribute value is a {Kind}, not a {wanted}.");
}
