namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>Names how a field is stored, which decides how literals are converted and compared in SQL.</summary>
internal enum SqlValueType
{
    /// <summary>TEXT compared with BINARY collation (ordinal), also used for enum names.</summary>
    Text,

    /// <summary>INTEGER UTC ticks.</summary>
    Ticks,

    /// <summary>TEXT <c>yyyy-MM-dd</c>, which sorts like the dates.</summary>
    DateText,

    /// <summary>INTEGER amount scaled by 10^4.</summary>
    Scaled,

    /// <summary>INTEGER count.</summary>
    Count,

    /// <summary>JSON array of strings.</summary>
    StringSet,

    /// <summary>Total spent divided by purchase count, compared without dividing.</summary>
    AverageOrderValue,
}
