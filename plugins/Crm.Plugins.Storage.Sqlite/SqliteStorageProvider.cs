using System.Globalization;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// Stores CRM records in a SQLite database file: WAL journal, versioned migrations, filters translated to SQL.
/// </summary>
/// <remarks>
/// Thread-safe; sessions use pooled connections. Timestamps are stored as UTC ticks, so a stored
/// <see cref="DateTimeOffset"/> comes back as the same instant with a zero offset. Amounts are stored as integers
/// scaled by 10,000: an amount with more than four decimals is rejected.
/// </remarks>
public sealed partial class SqliteStorageProvider : IStorageProvider, IDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _refreshPlannerStatisticsOnStart;

    /// <summary>Initializes the provider; no connection is opened until <see cref="InitializeAsync"/> or a session.</summary>
    /// <param name="options">The database file and settings.</param>
    /// <param name="timeProvider">The clock used to stamp applied migrations; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Receives migration messages; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it.</exception>
    public SqliteStorageProvider(SqliteStorageOptions options, TimeProvider? timeProvider = null, ILogger<SqliteStorageProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new SqliteStorageOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStorageOptions), validation.Failures);
        }

        var builder = options.ConnectionString is { Length: > 0 } text
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource, Mode = SqliteOpenMode.ReadWriteCreate };
        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _connectionString = builder.ToString();
        var busyMilliseconds = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        // Per-connection settings; journal_mode=WAL is persistent in the file and is set once by InitializeAsync.
        // wal_autocheckpoint is SQLite's default, set again because a bulk write changes it for a while on a pooled connection.
        // secure_delete=FAST zeroes deleted content inside pages at no extra I/O, so erased personal data does not
        // linger in free space from earlier updates (erasure itself switches to full secure_delete).
        var cacheKibibytes = (options.PageCacheMegabytes * 1024L).ToString(CultureInfo.InvariantCulture);
        _connectionPragmas = $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{cacheKibibytes}; PRAGMA secure_delete = FAST; PRAGMA wal_autocheckpoint = 1000;";
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _refreshPlannerStatisticsOnStart = options.RefreshPlannerStatisticsOnStart;
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>Gets the connection string sessions open, with pooling and the command timeout applied.</summary>
    public string ConnectionString => _connectionString;

    /// <summary>Gets the pragmas run on every connection a session opens (busy timeout, synchronous, foreign keys, cache size).</summary>
    public string ConnectionPragmas => _connectionPragmas;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await new SchemaMigrator(connection, _timeProvider, _logger, _refreshPlannerStatisticsOnStart).MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Analyzes, in full, every table whose query planner statistics are stale: a table with an index never analyzed,
    /// or whose row count changed about tenfold since its last analysis. <see cref="InitializeAsync"/> does this at start
    /// (see <see cref="SqliteStorageOptions.RefreshPlannerStatisticsOnStart"/>); a long-running process whose tables grow
    /// a lot can call it in a quiet hour.
    /// </summary>
    /// <remarks>
    /// Each analysis holds the database's write lock while it reads its table: seconds for millions of rows, during which
    /// other writers wait up to <see cref="SqliteStorageOptions.BusyTimeout"/>. Analysis is never sampled: sampled
    /// statistics misjudge the tenant column every index leads with and make the planner pick worse indexes.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the refresh between or during analyses.</param>
    /// <returns>How many tables were analyzed; 0 when every table's statistics were current.</returns>
    public async Task<int> RefreshPlannerStatisticsAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await new PlannerStatistics(connection, _logger).RefreshStaleAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new SqliteStorageSession(connection, tenantId);
    }

    /// <summary>Closes the pooled connections of this database so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
