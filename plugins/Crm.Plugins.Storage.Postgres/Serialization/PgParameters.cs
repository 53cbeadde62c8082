using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Serialization;

/// <summary>Adds typed parameters to commands and batch commands, so every value has the column's type whatever its CLR type.</summary>
internal static class PgParameters
{
    public static void AddText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = PgValues.OrNull(value) });

    public static void AddUuid(this NpgsqlParameterCollection parameters, string name, Guid value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = value });

    public static void AddBigint(this NpgsqlParameterCollection parameters, string name, long value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = value });

    public static void AddInteger(this NpgsqlParameterCollection parameters, string name, int? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value });

    public static void AddJsonb(this NpgsqlParameterCollection parameters, string name, string json) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    /// <summary>Adds an optional instant as <c>@name</c> and <c>@name_tick</c>, both SQL NULL when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static void AddInstantOrNull(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            parameters.AddInstant(name, instant);
            return;
        }

        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = DBNull.Value });
        parameters.Add(new NpgsqlParameter(name + "_tick", NpgsqlDbType.Smallint) { Value = DBNull.Value });
    }

    public static void AddUuidOrNull(this NpgsqlParameterCollection parameters, string name, Guid? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = PgValues.OrNull(value) });

    /// <summary>Adds an instant as two parameters: <c>@name</c> (timestamptz, microseconds) and <c>@name_tick</c> (the 100 ns remainder).</summary>
    public static void AddInstant(this NpgsqlParameterCollection parameters, string name, DateTimeOffset value)
    {
        var split = PgInstant.From(value);
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = split.Micros });
        parameters.Add(new NpgsqlParameter(name + "_tick", NpgsqlDbType.Smallint) { Value = split.Remainder });
    }
}
