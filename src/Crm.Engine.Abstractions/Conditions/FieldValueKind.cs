namespace Crm.Engine.Conditions;

/// <summary>Names what a <see cref="FieldValue"/> holds.</summary>
public enum FieldValueKind
{
    /// <summary>No value: the field is null or absent.</summary>
    Missing = 0,

    /// <summary>Text.</summary>
    String = 1,

    /// <summary>A decimal number.</summary>
    Number = 2,

    /// <summary>True or false.</summary>
    Boolean = 3,

    /// <summary>A calendar date.</summary>
    Date = 4,

    /// <summary>An instant.</summary>
    DateTime = 5,

    /// <summary>A set of strings.</summary>
    StringSet = 6,
}
