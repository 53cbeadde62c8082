namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>Names how a field is stored, which decides how literals are bound and compared in SQL.</summary>
internal enum PgValueType
{
    /// <summary>text, compared with <c>COLLATE "C"</c> (ordinal), also used for enum names.</summary>
    Text,

    /// <summary>timestamptz, optionally with a <c>*_tick</c> column holding the 100 ns remainder.</summary>
    Instant,

    /// <summary>date.</summary>
    Date,

    /// <summary>numeric or an integer count, compared with a numeric literal exactly.</summary>
    Number,

    /// <summary>text[].</summary>
    StringSet,

    /// <summary>Total spent divided by purchase count, compared without dividing.</summary>
    AverageOrderValue,
}
