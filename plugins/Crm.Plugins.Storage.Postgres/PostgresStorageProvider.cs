using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Stores CRM records in a PostgreSQL database: advisory-locked versioned migrations, filters translated to SQL,
/// binary COPY bulk inserts, JSONB attributes. Several instances (processes or machines) may share one database.
/// </summary>
/// <remarks>
/// Thread-safe; sessions use connections from one pooled <see cref="NpgsqlDataSource"/>, which is closed when the
/// provider is disposed. Instants are stored as <c>timestamptz</c> plus their 100 ns remainder, so a stored
/// <see cref="DateTimeOffset"/> comes back as the same instant with a zero offset; conditions and keyset order use
/// the full precision. Amounts are <c>numeric</c>, exact for every <see cref="decimal"/>.
/// </remarks>
public sealed partial class PostgresStorageProvider : IStorageProvider, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PostgresErasurePurge _erasurePurge;

    /// <summary>Initializes the provider; no connection is opened until <see cref="InitializeAsync"/> or a session.</summary>
    /// <param name="options">The connection string and settings.</param>
    /// <param name="timeProvider">The clock used to stamp applied migrations; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Receives migration messages; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names it and never shows the connection string.</exception>
    public PostgresStorageProvider(PostgresStorageOptions options, TimeProvider? timeProvider = null, ILogger<PostgresStorageProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PostgresStorageOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresStorageOptions), validation.Failures);
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds)),
        };
        builder.ApplicationName ??= options.ApplicationName;
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _erasurePurge = options.ErasurePurge;
        MaskedConnectionString = ConnectionStringMask.Mask(builder.ConnectionString);
        PostgresStorageLog.UsingServer(_logger, MaskedConnectionString);
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <summary>Gets the connection string for diagnostics, with the password and other secrets replaced by <c>***</c>.</summary>
    public string MaskedConnectionString { get; }

    /// <summary>Gets the pooled data source sessions take their connections from.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    internal ILogger Logger => _logger;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await new SchemaMigrator(connection, _timeProvider, _logger).MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresStorageSession(connection, tenantId, _logger, _erasurePurge);
    }

    /// <summary>Closes the pooled connections.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();
}
