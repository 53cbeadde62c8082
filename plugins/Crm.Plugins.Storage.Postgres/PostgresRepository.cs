using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Postgres;

/// <summary>
/// Implements the parts of <see cref="IRepository{T}"/> every table shares: reads by id, versioned deletes,
/// filtered keyset-paged queries and counts, all scoped to the session's tenant.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal abstract class PostgresRepository<T>(PostgresStorageSession session) : IRepository<T>
    where T : class, ICrmEntity
{
    protected PostgresStorageSession Session => session;

    /// <summary>Gets the record kind for error messages, such as <c>Customer</c>.</summary>
    protected abstract string EntityName { get; }

    /// <summary>Gets the table name.</summary>
    protected abstract string Table { get; }

    /// <summary>Gets the alias the select list and field map use for the table.</summary>
    protected abstract string Alias { get; }

    /// <summary>Gets the columns <see cref="Read"/> expects, qualified with <see cref="Alias"/>.</summary>
    protected abstract string SelectList { get; }

    /// <summary>Gets the catalog filters are bound to.</summary>
    protected abstract FieldCatalog Catalog { get; }

    /// <summary>Gets the SQL of the catalog's fields.</summary>
    protected abstract PgFieldMap Fields { get; }

    /// <summary>Gets the FROM clause of queries and counts: the table under its alias, plus any joins the field map reads.</summary>
    protected virtual string From => $"{Table} {Alias}";

    public async Task<T?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Session.CreateCommand($"SELECT {SelectList} FROM {Table} {Alias} WHERE {Alias}.tenant_id = @tenant AND {Alias}.id = @id;");
        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        var items = await ReadAllAsync(command, int.MaxValue, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return null;
        }

        var completed = await CompleteAsync(items, cancellationToken).ConfigureAwait(false);
        return completed[0];
    }

    public abstract Task<T> InsertAsync(T entity, CancellationToken cancellationToken);

    public abstract Task<T> UpdateAsync(T entity, CancellationToken cancellationToken);

    public abstract Task<int> BulkInsertAsync(IEnumerable<T> entities, CancellationToken cancellationToken);

    public async Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken)
    {
        // Purchase lines go with their purchase through ON DELETE CASCADE.
        using var command = Session.CreateCommand($"DELETE FROM {Table} WHERE tenant_id = @tenant AND id = @id AND version = @version;");
        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Bigint) { Value = expectedVersion });
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return;
        }

        var actual = await ReadVersionAsync(id, cancellationToken).ConfigureAwait(false);
        throw actual is null
            ? new CrmNotFoundException(EntityName, id)
            : new CrmConcurrencyException(EntityName, id, expectedVersion, actual);
    }

    public async Task<Page<T>> QueryAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        var (column, kind, descending) = SortKey(query.Sort);
        using var command = Session.CreateCommand("");
        var where = Where(query, command);
        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, kind);
            var after = PgInstant.FromTicks(key);
            where += $" AND ({Alias}.{column}, {Alias}.{column}_tick, {Alias}.id) {(descending ? "<" : ">")} (@afterKey, @afterTick, @afterId)";
            AddKeyset(command, after, id);
        }

        var direction = descending ? "DESC" : "ASC";
        command.CommandText = $"SELECT {SelectList} FROM {From} WHERE {where} " +
            $"ORDER BY {Alias}.{column} {direction}, {Alias}.{column}_tick {direction}, {Alias}.id {direction} LIMIT @limit;";
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = query.Page.Size + 1 });
        return await ReadPageAsync(command, query.Page.Size, kind, e => SortValue(e, query.Sort), cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = Session.CreateCommand("");
        command.CommandText = $"SELECT COUNT(*) FROM {From} WHERE {Where(query, command)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Builds the SQL of a query's filter and binds its parameters; exposed for the plan and literal tests.</summary>
    internal string Where(StorageQuery query, NpgsqlCommand command)
    {
        AddTenant(command);
        if (query.Filter is null)
        {
            return $"{Alias}.tenant_id = @tenant";
        }

        var bound = ConditionBinder.Bind(query.Filter, Catalog);
        var translator = new PgConditionTranslator(query.AsOf);
        var predicate = translator.Translate(bound, Fields, Alias);
        command.Parameters.AddRange(translator.Parameters.ToArray());
        return $"{Alias}.tenant_id = @tenant AND {predicate}";
    }

    /// <summary>Maps the current row of a reader over <see cref="SelectList"/> to a record.</summary>
    protected abstract T Read(NpgsqlDataReader reader);

    /// <summary>Gets the instant column (whose <c>_tick</c> column holds the remainder), token kind and direction of a sort order.</summary>
    protected abstract (string Column, byte Kind, bool Descending) SortKey(SortOrder order);

    /// <summary>Gets a record's value of the sort column in UTC ticks, for the continuation token.</summary>
    protected abstract long SortValue(T entity, SortOrder order);

    /// <summary>Loads what the main row does not hold (purchase lines); returns the records unchanged by default.</summary>
    protected virtual Task<IReadOnlyList<T>> CompleteAsync(IReadOnlyList<T> items, CancellationToken cancellationToken) =>
        Task.FromResult(items);

    protected void AddTenant(NpgsqlCommand command) =>
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = Session.TenantId });

    protected void CheckTenant(T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!string.Equals(entity.TenantId, Session.TenantId, StringComparison.Ordinal))
        {
            throw new CrmTenantMismatchException(Session.TenantId, entity.TenantId);
        }
    }

    protected async Task<long?> ReadVersionAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Session.CreateCommand($"SELECT version FROM {Table} WHERE tenant_id = @tenant AND id = @id;");
        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>
    /// Runs a single-row write (INSERT or versioned UPDATE) in a write scope, turning a key violation into
    /// <see cref="CrmDuplicateException"/>; returns the number of rows changed.
    /// </summary>
    protected async Task<int> ExecuteWriteAsync(NpgsqlCommand command, Guid id, CancellationToken cancellationToken)
    {
        var scope = await Session.BeginWriteAsync(severalStatements: false, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            int rows;
            try
            {
                rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityName, id, e);
            }

            await scope.CommitAsync().ConfigureAwait(false);
            return rows;
        }
    }

    /// <summary>
    /// Runs a bulk insert as one all-or-nothing unit (a savepoint in the caller's transaction, otherwise a
    /// transaction of its own). <paramref name="copy"/> streams the records with binary COPY and adds each
    /// identifier to the list it is given; on a key violation the unit is rolled back and the duplicate identifier is
    /// looked up, because the server's error detail (which names the key) is redacted by default.
    /// </summary>
    protected async Task<int> BulkInsertCoreAsync(IEnumerable<T> entities, Func<IEnumerable<T>, List<Guid>, CancellationToken, Task<int>> copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var ids = new List<Guid>();
        PostgresException duplicate;
        var scope = await Session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                var count = await copy(entities, ids, cancellationToken).ConfigureAwait(false);
                await scope.CommitAsync().ConfigureAwait(false);
                PostgresStorageLog.BulkCopied(Session.Logger, count, Table);
                return count;
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                duplicate = e;
            }
        }

        throw new CrmDuplicateException(EntityName, await FindDuplicateAsync(ids, cancellationToken).ConfigureAwait(false), duplicate);
    }

    private async Task<Guid> FindDuplicateAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        using (var command = Session.CreateCommand($"SELECT id FROM {Table} WHERE tenant_id = @tenant AND id = ANY(@ids) LIMIT 1;"))
        {
            AddTenant(command);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid stored)
            {
                return stored;
            }
        }

        // Not stored before: the batch itself holds the identifier twice.
        var seen = new HashSet<Guid>();
        return ids.FirstOrDefault(id => !seen.Add(id));
    }

    /// <summary>
    /// Reads one page of a customer's records newest first (the timeline, the purchase history), after the token's
    /// keyset when one is given.
    /// </summary>
    protected async Task<Page<T>> ReadNewestFirstForCustomerAsync(string firstPageSql, string nextPageSql, Guid customerId, PageRequest page, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        using var command = Session.CreateCommand(firstPageSql);
        if (page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, KeysetToken.NewestFirstKind);
            command.CommandText = nextPageSql;
            AddKeyset(command, PgInstant.FromTicks(key), id);
        }

        AddTenant(command);
        command.Parameters.Add(new NpgsqlParameter("customer", NpgsqlDbType.Uuid) { Value = customerId });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = page.Size + 1 });
        return await ReadPageAsync(command, page.Size, KeysetToken.NewestFirstKind, sortValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a paged command that asks for one row more than <paramref name="size"/> to learn whether more follow.</summary>
    private async Task<Page<T>> ReadPageAsync(NpgsqlCommand command, int size, byte kind, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        var items = await ReadAllAsync(command, size + 1, cancellationToken).ConfigureAwait(false);
        string? token = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            var last = items[^1];
            token = KeysetToken.Encode(kind, sortValue(last), last.Id);
        }

        return new Page<T>(await CompleteAsync(items, cancellationToken).ConfigureAwait(false), token);
    }

    private static void AddKeyset(NpgsqlCommand command, PgInstant after, Guid id)
    {
        command.Parameters.Add(new NpgsqlParameter("afterKey", NpgsqlDbType.TimestampTz) { Value = after.Micros });
        command.Parameters.Add(new NpgsqlParameter("afterTick", NpgsqlDbType.Smallint) { Value = after.Remainder });
        command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Uuid) { Value = id });
    }

    private async Task<List<T>> ReadAllAsync(NpgsqlCommand command, int max, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (items.Count < max && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Read(reader));
            }
        }

        return items;
    }
}
