namespace Crm.Engine.Conditions;

/// <summary>
/// Names the type of a condition field, which decides the operators it accepts and how values are read.
/// </summary>
public enum FieldType
{
    /// <summary>Text, compared ordinally.</summary>
    String = 0,

    /// <summary>A decimal number.</summary>
    Number = 1,

    /// <summary>True or false.</summary>
    Boolean = 2,

    /// <summary>A calendar date; accepts <c>yyyy-MM-dd</c> or a relative duration such as <c>P18Y</c>.</summary>
    Date = 3,

    /// <summary>An instant; accepts ISO 8601 date-times, dates (midnight UTC) or a relative duration such as <c>P30D</c>.</summary>
    DateTime = 4,

    /// <summary>One of a fixed set of names, matched case-insensitively and stored in canonical case.</summary>
    Enum = 5,

    /// <summary>A set of strings, such as tags.</summary>
    StringSet = 6,

    /// <summary>A custom attribute whose type is taken from the value it is compared with.</summary>
    Dynamic = 7,
}
