using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Serialization;

/// <summary>
/// Writes exact half-open range conditions over an instant stored as <c>column</c> (timestamptz) and <c>column_tick</c>.
/// </summary>
/// <remarks>
/// A bound on a whole microsecond (remainder 0, which period bounds almost always are) needs only the timestamptz
/// column, so the condition stays usable by indexes without the tick column (and index-only scans); any other bound
/// compares the (column, tick) pair. The SQL text depends only on whether the remainder is zero, never on the value.
/// </remarks>
internal static class PgInstantRange
{
    /// <summary>Gets <c>column &gt;= @parameter</c> to the tick.</summary>
    public static string AtOrAfter(string column, string parameter, DateTimeOffset bound) =>
        PgInstant.From(bound).Remainder == 0 ? $"{column} >= @{parameter}" : $"({column}, {column}_tick) >= (@{parameter}, @{parameter}_tick)";

    /// <summary>Gets <c>column &lt; @parameter</c> to the tick.</summary>
    public static string Before(string column, string parameter, DateTimeOffset bound) =>
        PgInstant.From(bound).Remainder == 0 ? $"{column} < @{parameter}" : $"({column}, {column}_tick) < (@{parameter}, @{parameter}_tick)";

    /// <summary>Gets <c>@start &lt;= column &lt; @end</c> to the tick.</summary>
    public static string Within(string column, string startParameter, DateTimeOffset start, string endParameter, DateTimeOffset end) =>
        AtOrAfter(column, startParameter, start) + " AND " + Before(column, endParameter, end);

    /// <summary>Adds a bound: <c>@name</c> always, <c>@name_tick</c> when the conditions above refer to it.</summary>
    public static void AddBound(this NpgsqlParameterCollection parameters, string name, DateTimeOffset bound)
    {
        var split = PgInstant.From(bound);
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = split.Micros });
        if (split.Remainder != 0)
        {
            parameters.Add(new NpgsqlParameter(name + "_tick", NpgsqlDbType.Smallint) { Value = split.Remainder });
        }
    }
}
