namespace Crm.Engine.Conditions;

/// <summary>
/// Names the comparisons of the condition language. JSON names are in brackets; symbols such as <c>&gt;=</c> are accepted too.
/// </summary>
public enum ComparisonOperator
{
    /// <summary>Equal (<c>eq</c>, <c>==</c>).</summary>
    Eq = 0,

    /// <summary>Not equal, also true when the field is missing (<c>ne</c>, <c>!=</c>).</summary>
    Ne = 1,

    /// <summary>Greater than (<c>gt</c>, <c>&gt;</c>).</summary>
    Gt = 2,

    /// <summary>Greater than or equal (<c>gte</c>, <c>&gt;=</c>).</summary>
    Gte = 3,

    /// <summary>Less than (<c>lt</c>, <c>&lt;</c>).</summary>
    Lt = 4,

    /// <summary>Less than or equal (<c>lte</c>, <c>&lt;=</c>).</summary>
    Lte = 5,

    /// <summary>Equal to one of a list; for set fields, shares at least one element with the list (<c>in</c>).</summary>
    In = 6,

    /// <summary>Contains a substring; for set fields, has the element (<c>contains</c>).</summary>
    Contains = 7,

    /// <summary>Starts with a prefix (<c>startsWith</c>).</summary>
    StartsWith = 8,

    /// <summary>Has a value; for set fields, is not empty (<c>exists</c>). Takes no value, or <c>false</c> to invert.</summary>
    Exists = 9,

    /// <summary>Between two values, both included (<c>between</c>).</summary>
    Between = 10,
}
