using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Checks <see cref="PostgresStorageOptions"/> and reports every problem at once, each naming its option. Messages
/// never repeat the connection string: it may hold a password.
/// </summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    private const string Prefix = nameof(PostgresStorageOptions) + ".";

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.ConnectionString)} is not set; set it to an Npgsql connection string such as 'Host=localhost;Database=crm;Username=crm'.");
        }
        else
        {
            CheckConnectionString(options.ConnectionString, failures);
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > PostgresStorageOptions.MaxCommandTimeout)
        {
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.CommandTimeout)} is '{options.CommandTimeout}'; it must lie between 00:00:01 and {PostgresStorageOptions.MaxCommandTimeout}.");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationName))
        {
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.ApplicationName)} is empty; set a short name such as 'Crm.Engine'.");
        }

        if (!Enum.IsDefined(options.ErasurePurge))
        {
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.ErasurePurge)} is '{options.ErasurePurge}'; use {nameof(PostgresErasurePurge.Vacuum)} or {nameof(PostgresErasurePurge.VacuumFull)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckConnectionString(string connectionString, List<string> failures)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message can quote the offending part, which may be the password: leave it out.
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.ConnectionString)} is not a valid Npgsql connection string ({e.GetType().Name}); check its keywords and values. The value is not shown because it may hold a password.");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add($"{Prefix}{nameof(PostgresStorageOptions.ConnectionString)} names no 'Host'; add one such as 'Host=localhost'.");
        }
    }
}
