namespace Crm.Engine;

/// <summary>
/// Names the type of a per-tenant custom field, stored in <see cref="Customer.Attributes"/>.
/// </summary>
public enum CustomFieldType
{
    /// <summary>Text; may carry a pattern and a length range.</summary>
    String = 0,

    /// <summary>A whole number; may carry a range.</summary>
    Number = 1,

    /// <summary>A decimal number; may carry a range.</summary>
    Decimal = 2,

    /// <summary>A calendar date; may carry a date range.</summary>
    Date = 3,

    /// <summary>True or false.</summary>
    Boolean = 4,

    /// <summary>One of <see cref="CustomFieldDefinition.AllowedValues"/>.</summary>
    Enum = 5,
}
