using Crm.Engine.Campaigns;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Campaigns;
using Crm.Plugins.Storage.Sqlite.Channels;
using Crm.Plugins.Storage.Sqlite.CustomerData;
using Crm.Plugins.Storage.Sqlite.Customers;
using Crm.Plugins.Storage.Sqlite.Interactions;
using Crm.Plugins.Storage.Sqlite.Purchases;
using Crm.Plugins.Storage.Sqlite.Scheduling;
using Crm.Plugins.Storage.Sqlite.Support;
using Crm.Plugins.Storage.Sqlite.Workflows;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// Binds one pooled connection to one tenant; every repository of the session runs its commands on that connection
/// and inside the session's transaction when one is open.
/// </summary>
internal sealed partial class SqliteStorageSession : IStorageSession
{
    private const string SavepointName = "crm_write";

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;
    private bool _userTransaction;
    private bool _disposed;

    public SqliteStorageSession(SqliteConnection connection, string tenantId)
    {
        _connection = connection;
        TenantId = tenantId;
        Customers = new SqliteCustomerRepository(this);
        Interactions = new SqliteInteractionRepository(this);
        Purchases = new SqlitePurchaseRepository(this);
        Workflows = new SqliteWorkflowRepository(this);
        CustomFields = new SqliteCustomFieldStore(this);
        Merges = new SqliteMergeStore(this);
        Segments = new SqliteSegmentStore(this);
        Privacy = new SqlitePrivacyStore(this);
        Outbox = new SqliteOutboxStore(this);
        Inbound = new SqliteInboundStore(this);
        Jobs = new SqliteJobStore(this);
        Sales = new Sales.SqliteSalesStore(this);
        Campaigns = new SqliteCampaignStore(this);
        Recommendations = new SqliteRecommendationStore(this);
        Support = new SqliteSupportStore(this);
        Analytics = new Analytics.SqliteAnalyticsStore(this);
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
    public Crm.Engine.Loyalty.ILoyaltyStore Loyalty => field ??= new Loyalty.SqliteLoyaltyStore(this);

    public Crm.Engine.Feedback.IFeedbackStore Feedback => field ??= new Feedback.SqliteFeedbackStore(this);
    public ICampaignStore Campaigns { get; }

    public IRecommendationStore Recommendations { get; }
    public Crm.Engine.Support.ISupportStore Support { get; }
    public Crm.Engine.Analytics.IAnalyticsStore Analytics { get; }

    public bool InTransaction => _userTransaction;

    public Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on this session; commit or dispose it before starting another.");
        }

        // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes can fail with
        // SQLITE_BUSY without waiting when another connection wrote in between.
        _transaction = _connection.BeginTransaction(deferred: false);
        _userTransaction = true;
        return Task.FromResult<IStorageTransaction>(new SqliteStorageTransaction(this, _transaction));
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

        await EndBulkWriteAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Creates a command on the session's connection, enlisted in the open transaction if any.</summary>
    internal SqliteCommand CreateCommand(string sql)
    {
        ThrowIfDisposed();
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>
    /// Starts an all-or-nothing unit for a write of several statements: a savepoint inside the caller's transaction,
    /// otherwise a transaction of its own.
    /// </summary>
    internal WriteScope BeginWrite()
    {
        ThrowIfDisposed();
        if (_transaction is not null)
        {
            _transaction.Save(SavepointName);
            return new WriteScope(this, ownsTransaction: false);
        }

        _transaction = _connection.BeginTransaction(deferred: false);
        return new WriteScope(this, ownsTransaction: true);
    }

    internal void EndUserTransaction(SqliteTransaction transaction)
    {
        if (ReferenceEquals(_transaction, transaction))
        {
            _transaction = null;
            _userTransaction = false;
        }
    }

    internal void CompleteWrite(bool ownsTransaction, bool commit)
    {
        var transaction = _transaction ?? throw new InvalidOperationException("The write scope has no transaction.");
        if (!ownsTransaction)
        {
            if (!commit)
            {
                transaction.Rollback(SavepointName);
            }

            transaction.Release(SavepointName);
            return;
        }

        try
        {
            if (commit)
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }
        }
        finally
        {
            transaction.Dispose();
            _transaction = null;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Ends a write unit: <see cref="Commit"/> keeps it, disposing without commit undoes it.</summary>
    internal sealed class WriteScope(SqliteStorageSession session, bool ownsTransaction) : IDisposable
    {
        private bool _completed;

        public void Commit()
        {
            _completed = true;
            session.CompleteWrite(ownsTransaction, commit: true);
        }

        public void Dispose()
        {
            if (!_completed)
            {
                _completed = true;
                session.CompleteWrite(ownsTransaction, commit: false);
            }
        }
    }
}
