using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Serialization;

/// <summary>Reads nullable columns and recognizes the server errors the provider turns into CRM exceptions.</summary>
internal static class PgValues
{
    /// <summary>SQLSTATE of a unique or primary-key violation.</summary>
    public const string UniqueViolation = "23505";

    public static object OrNull(string? value) => (object?)value ?? DBNull.Value;

    public static object OrNull(Guid? value) => value is { } id ? id : DBNull.Value;

    public static string? GetStringOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? GetGuidOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static DateTimeOffset GetInstant(this NpgsqlDataReader reader, int micros, int remainder) =>
        PgInstant.Join(reader.GetFieldValue<DateTimeOffset>(micros), reader.GetInt16(remainder));

    public static bool IsDuplicateKey(Exception exception) =>
        exception is PostgresException { SqlState: UniqueViolation };
}
