namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// Configures the SQLite storage provider: which database file to use and how long to wait for a busy database.
/// </summary>
/// <remarks>
/// Set exactly one of <see cref="DataSource"/> and <see cref="ConnectionString"/>. The database must be a file:
/// every session opens its own pooled connection, so an in-memory database would give each session an empty database.
/// </remarks>
public sealed class SqliteStorageOptions
{
    /// <summary>The busy timeout used when none is configured: 5 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest busy timeout accepted: 10 minutes.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The page cache size used when none is configured: 32 MiB per connection.</summary>
    public const int DefaultPageCacheMegabytes = 32;

    /// <summary>Gets or sets the path of the database file, created if missing, such as <c>data/crm.db</c>.</summary>
    /// <value>The default is <see langword="null"/>: set this or <see cref="ConnectionString"/>.</value>
    public string? DataSource { get; set; }

    /// <summary>
    /// Gets or sets a full Microsoft.Data.Sqlite connection string, for settings beyond the file path
    /// (for example <c>Password</c> with an encrypting SQLite build).
    /// </summary>
    /// <value>The default is <see langword="null"/>: set this or <see cref="DataSource"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets how long a statement waits for another connection's write lock before it fails with
    /// "database is locked".
    /// </summary>
    /// <value>The default is 5 seconds; it must lie between zero and <see cref="MaxBusyTimeout"/>.</value>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>
    /// Gets or sets the most memory, in MiB, each connection may use to cache database pages. Larger caches keep
    /// the random-key indexes of big tables in memory, which makes bulk inserts several times faster; SQLite
    /// allocates the pages only as they are used.
    /// </summary>
    /// <value>The default is 32 MiB (SQLite's own default is 2 MiB); it must lie between 1 and 4,096.</value>
    public int PageCacheMegabytes { get; set; } = DefaultPageCacheMegabytes;

    /// <summary>
    /// Gets or sets whether <see cref="SqliteStorageProvider.InitializeAsync"/> refreshes the query planner's statistics
    /// of tables that are stale: tables with an index never analyzed, or whose row count changed about tenfold since
    /// their last analysis. Each such table is analyzed in full, which on millions of rows takes seconds while holding
    /// the write lock; the check itself is cheap.
    /// </summary>
    /// <value>The default is <see langword="true"/>. Turn it off to schedule <see cref="SqliteStorageProvider.RefreshPlannerStatisticsAsync"/> yourself.</value>
    public bool RefreshPlannerStatisticsOnStart { get; set; } = true;
}
