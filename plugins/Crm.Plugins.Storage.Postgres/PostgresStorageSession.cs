using Crm.Engine.Campaigns;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Campaigns;
using Crm.Plugins.Storage.Postgres.Channels;
using Crm.Plugins.Storage.Postgres.CustomerData;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Interactions;
using Crm.Plugins.Storage.Postgres.Purchases;
using Crm.Plugins.Storage.Postgres.Scheduling;
using Crm.Plugins.Storage.Postgres.Support;
using Crm.Plugins.Storage.Postgres.Workflows;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Binds one pooled connection to one tenant; every repository of the session runs its commands on that connection
/// and inside the session's transaction when one is open.
/// </summary>
internal sealed class PostgresStorageSession : IStorageSession
{
    private const string SavepointName = "crm_write";

    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;
    private bool _userTransaction;
    private bool _disposed;

    public PostgresStorageSession(NpgsqlConnection connection, string tenantId, ILogger logger, PostgresErasurePurge erasurePurge)
    {
        _connection = connection;
        TenantId = tenantId;
        Logger = logger;
        Customers = new PostgresCustomerRepository(this);
        Interactions = new PostgresInteractionRepository(this);
        Purchases = new PostgresPurchaseRepository(this);
        Workflows = new PostgresWorkflowRepository(this);
        CustomFields = new PostgresCustomFieldStore(this);
        Merges = new PostgresMergeStore(this);
        Segments = new PostgresSegmentStore(this);
        Privacy = new PostgresPrivacyStore(this, erasurePurge);
        Outbox = new PostgresOutboxStore(this);
        Inbound = new PostgresInboundStore(this);
        Jobs = new PostgresJobStore(this);
        Sales = new Sales.PostgresSalesStore(this);
        Campaigns = new PostgresCampaignStore(this);
        Recommendations = new PostgresRecommendationStore(this);
        Support = new PostgresSupportStore(this);
    }

    public string TenantId { get; }

    public ICustomerRepository Customers { get; }

    public IInteractionRepository Interactions { get; }

    public IPurchaseRepository Purchases { get; }

    public IWorkflowRepository Workflows { get; }

    public ICustomFieldStore CustomFields { get; }

    public IMergeStore Merges { get; }

    public ISegmentStore Segments { get; }

    public IPrivacyStore Privacy { get; }

    public IOutboxStore Outbox { get; }

    public IInboundStore Inbound { get; }

    public IJobStore Jobs { get; }

    public Crm.Engine.Sales.ISalesStore Sales { get; }
    public Crm.Engine.Loyalty.ILoyaltyStore Loyalty => field ??= new Loyalty.PostgresLoyaltyStore(this);
    public ICampaignStore Campaigns { get; }

    public IRecommendationStore Recommendations { get; }
    public Crm.Engine.Support.ISupportStore Support { get; }
    public IAuditStore Audit => field ??= new Audit.PostgresAuditStore(this);
    public Crm.Engine.Feedback.IFeedbackStore Feedback => field ??= new Feedback.PostgresFeedbackStore(this);
    public Crm.Engine.Analytics.IAnalyticsStore Analytics => field ??= new Analytics.PostgresAnalyticsStore(this);

    public bool InTransaction => _userTransaction;

    internal NpgsqlConnection Connection => _connection;

    internal ILogger Logger { get; }

    public async Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on this session; commit or dispose it before starting another.");
        }

        _transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        _userTransaction = true;
        return new PostgresStorageTransaction(this, _transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            _transaction = null;
            _userTransaction = false;
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Creates a command on the session's connection, enlisted in the open transaction if any.</summary>
    internal NpgsqlCommand CreateCommand(string sql)
    {
        ThrowIfDisposed();
        return new NpgsqlCommand(sql, _connection, _transaction);
    }

    /// <summary>Creates a batch on the session's connection (several statements, one round trip), enlisted in the open transaction if any.</summary>
    internal NpgsqlBatch CreateBatch()
    {
        ThrowIfDisposed();
        return new NpgsqlBatch(_connection, _transaction);
    }

    /// <summary>
    /// Starts an all-or-nothing unit for a write: a savepoint inside the caller's transaction (so a failed write,
    /// such as a duplicate, leaves the caller's transaction usable, as on SQLite), otherwise a transaction of its own
    /// when the write has several statements, otherwise nothing (one statement is atomic by itself).
    /// </summary>
    internal async Task<WriteScope> BeginWriteAsync(bool severalStatements, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_transaction is not null)
        {
            await _transaction.SaveAsync(SavepointName, cancellationToken).ConfigureAwait(false);
            return new WriteScope(this, WriteScopeKind.Savepoint);
        }

        if (!severalStatements)
        {
            return new WriteScope(this, WriteScopeKind.None);
        }

        _transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        return new WriteScope(this, WriteScopeKind.OwnTransaction);
    }

    internal void EndUserTransaction(NpgsqlTransaction transaction)
    {
        if (ReferenceEquals(_transaction, transaction))
        {
            _transaction = null;
            _userTransaction = false;
        }
    }

    internal async ValueTask CompleteWriteAsync(WriteScopeKind kind, bool commit)
    {
        if (kind == WriteScopeKind.None)
        {
            return;
        }

        var transaction = _transaction ?? throw new InvalidOperationException("The write scope has no transaction.");
        if (kind == WriteScopeKind.Savepoint)
        {
            // Never cancelled: an abandoned savepoint would leave the caller's transaction aborted.
            if (!commit)
            {
                await transaction.RollbackAsync(SavepointName, CancellationToken.None).ConfigureAwait(false);
            }

            await transaction.ReleaseAsync(SavepointName, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        try
        {
            if (commit)
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            _transaction = null;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal enum WriteScopeKind
    {
        None,
        Savepoint,
        OwnTransaction,
    }

    /// <summary>Ends a write unit: <see cref="CommitAsync"/> keeps it, disposing without commit undoes it.</summary>
    internal sealed class WriteScope(PostgresStorageSession session, WriteScopeKind kind) : IAsyncDisposable
    {
        private bool _completed;

        public async ValueTask CommitAsync()
        {
            _completed = true;
            await session.CompleteWriteAsync(kind, commit: true).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_completed)
            {
                _completed = true;
                await session.CompleteWriteAsync(kind, commit: false).ConfigureAwait(false);
            }
        }
    }
}
