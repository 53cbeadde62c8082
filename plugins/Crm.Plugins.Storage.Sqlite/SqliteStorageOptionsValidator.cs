using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// Checks <see cref="SqliteStorageOptions"/> and reports every problem at once, each naming its option.
/// </summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasFile = !string.IsNullOrWhiteSpace(options.DataSource);
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasFile == hasConnectionString)
        {
            failures.Add(hasFile
                ? $"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.DataSource)} and {nameof(SqliteStorageOptions.ConnectionString)} are both set; set only one of them."
                : $"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.DataSource)} is not set; set it to a database file path such as 'crm.db', or set {nameof(SqliteStorageOptions.ConnectionString)}.");
        }
        else if (hasConnectionString)
        {
            CheckConnectionString(options.ConnectionString!, failures);
        }
        else if (IsMemory(options.DataSource!))
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.DataSource)} is '{options.DataSource}'; an in-memory database is not supported because every session opens its own connection. Use a file path.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > SqliteStorageOptions.MaxBusyTimeout)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.BusyTimeout)} is '{options.BusyTimeout}'; it must lie between 00:00:00 and {SqliteStorageOptions.MaxBusyTimeout}.");
        }

        if (options.PageCacheMegabytes is < 1 or > 4096)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.PageCacheMegabytes)} is {options.PageCacheMegabytes}; it must lie between 1 and 4096.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckConnectionString(string connectionString, List<string> failures)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.ConnectionString)} is not a valid SQLite connection string: {e.Message}");
            return;
        }

        if (builder.Mode == SqliteOpenMode.Memory || IsMemory(builder.DataSource))
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.ConnectionString)} names an in-memory database, which is not supported because every session opens its own connection. Use a file path.");
        }
        else if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.ConnectionString)} opens the database read-only; the provider needs 'Mode=ReadWriteCreate' or 'Mode=ReadWrite'.");
        }
    }

    private static bool IsMemory(string dataSource) =>
        string.IsNullOrWhiteSpace(dataSource) || string.Equals(dataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase);
}
