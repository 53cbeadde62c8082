namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Configures the PostgreSQL storage provider: which server and database to use and how long commands may run.
/// </summary>
/// <remarks>
/// Pool sizes, TLS and timeouts of the connection itself are Npgsql connection string keywords
/// (<c>Maximum Pool Size</c>, <c>SSL Mode</c>, <c>Timeout</c>). The connection string is never logged or put in an
/// exception message.
/// </remarks>
public sealed class PostgresStorageOptions
{
    /// <summary>The command timeout used when none is configured: 30 seconds.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest command timeout accepted: 1 hour.</summary>
    public static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the Npgsql connection string, such as <c>Host=db;Database=crm;Username=crm;Password=…</c>.</summary>
    /// <value>The default is <see langword="null"/>: it must be set.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets how long one command (a query, a COPY, a migration step) may run before it is cancelled.</summary>
    /// <value>The default is 30 seconds; it must lie between 1 second and <see cref="MaxCommandTimeout"/>.</value>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>Gets or sets the name the connections report in <c>pg_stat_activity</c>, unless the connection string sets one.</summary>
    /// <value>The default is <c>Crm.Engine</c>.</value>
    public string ApplicationName { get; set; } = "Crm.Engine";

    /// <summary>Gets or sets how an erasure's old row versions are removed after it commits (see <see cref="PostgresErasurePurge"/>).</summary>
    /// <value>The default is <see cref="PostgresErasurePurge.Vacuum"/>, which blocks no reader or writer.</value>
    public PostgresErasurePurge ErasurePurge { get; set; } = PostgresErasurePurge.Vacuum;
}
