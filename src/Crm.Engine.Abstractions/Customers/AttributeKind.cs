namespace Crm.Engine;

/// <summary>
/// Names the type of a custom attribute value.
/// </summary>
public enum AttributeKind
{
    /// <summary>Text, also used for enumerated values.</summary>
    String = 0,

    /// <summary>An exact decimal number (integers included).</summary>
    Number = 1,

    /// <summary>A calendar date with no time of day.</summary>
    Date = 2,

    /// <summary>True or false.</summary>
    Boolean = 3,
}
