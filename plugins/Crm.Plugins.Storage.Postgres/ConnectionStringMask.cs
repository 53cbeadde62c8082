using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>Renders a connection string for diagnostics with every secret replaced, so it can be logged.</summary>
internal static class ConnectionStringMask
{
    private const string Hidden = "***";

    /// <summary>Returns the connection string with its password and other secrets masked, or a placeholder when it cannot be parsed.</summary>
    public static string Mask(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "(none)";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Password is not null)
            {
                builder.Password = Hidden;
            }

            if (builder.SslPassword is not null)
            {
                builder.SslPassword = Hidden;
            }

            if (builder.Passfile is not null)
            {
                builder.Passfile = Hidden;
            }

            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return "(unparseable connection string)";
        }
    }
}
