using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Serialization;

/// <summary>Converts between CRM values and the column representations of the schema.</summary>
internal static class SqliteValues
{
    public static object OrNull(string? value) => (object?)value ?? DBNull.Value;

    public static object OrNull(Guid? value) => value is { } id ? id : DBNull.Value;

    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static string ToDateText(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static object ToDateText(DateOnly? value) => value is { } date ? ToDateText(date) : DBNull.Value;

    public static DateOnly FromDateText(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? GetGuidOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    /// <summary>Tells whether an error is a primary-key or unique violation, the sign of a duplicate insert.</summary>
    public static bool IsDuplicateKey(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 1555 or 2067;

    /// <summary>Adds parameters named <c>@name</c> for each column, in order, so rows can be bound by index.</summary>
    public static void AddParameters(SqliteCommand command, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        }
    }
}
