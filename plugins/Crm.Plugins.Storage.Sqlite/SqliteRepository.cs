using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Querying;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Sqlite;

/// <summary>
/// Implements the parts of <see cref="IRepository{T}"/> every table shares: reads by id, versioned deletes,
/// filtered keyset-paged queries and counts, all scoped to the session's tenant.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal abstract class SqliteRepository<T>(SqliteStorageSession session) : IRepository<T>
    where T : class, ICrmEntity
{
    protected SqliteStorageSession Session => session;

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
    protected abstract SqlFieldMap Fields { get; }

    public async Task<T?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Session.CreateCommand($"SELECT {SelectList} FROM {Table} {Alias} WHERE {Alias}.tenant_id = @tenant AND {Alias}.id = @id;");
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@id", id);
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

    public virtual async Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken)
    {
        // Purchase lines go with their purchase through ON DELETE CASCADE.
        using var command = Session.CreateCommand($"DELETE FROM {Table} WHERE tenant_id = @tenant AND id = @id AND version = @version;");
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@version", expectedVersion);
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
            where += $" AND ({Alias}.{column}, {Alias}.id) {(descending ? "<" : ">")} (@afterKey, @afterId)";
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        var direction = descending ? "DESC" : "ASC";
        command.CommandText = $"SELECT {SelectList} FROM {Table} {Alias} WHERE {where} ORDER BY {Alias}.{column} {direction}, {Alias}.id {direction} LIMIT @limit;";
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        return await ReadPageAsync(command, query.Page.Size, kind, e => SortValue(e, query.Sort), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts the records matching a query and reads its page with one evaluation of the filter: the matches' ids and
    /// sort keys go to a materialized table, which the count and the page both read. For a filter with costly
    /// subqueries (segments over millions of interactions) this halves the work of a count followed by a query.
    /// </summary>
    /// <returns>The count (over every match, whatever the page) and the page.</returns>
    public async Task<(long Count, Page<T> Page)> QueryWithCountAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        var (column, kind, descending) = SortKey(query.Sort);
        var direction = descending ? "DESC" : "ASC";
        using var command = Session.CreateCommand("");
        var where = Where(query, command);
        var after = "";
        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, kind);
            after = $"WHERE (sort_key, id) {(descending ? "<" : ">")} (@afterKey, @afterId) ";
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        command.CommandText =
            $"WITH matches AS MATERIALIZED (SELECT {Alias}.id AS id, {Alias}.{column} AS sort_key FROM {Table} {Alias} WHERE {where}) " +
            $"SELECT {SelectList}, (SELECT COUNT(*) FROM matches) FROM " +
            $"(SELECT id, sort_key FROM matches {after}ORDER BY sort_key {direction}, id {direction} LIMIT @limit) page " +
            $"JOIN {Table} {Alias} ON {Alias}.tenant_id = @tenant AND {Alias}.id = page.id " +
            $"ORDER BY page.sort_key {direction}, page.id {direction};";
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);

        var items = new List<T>();
        long? count = null;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (items.Count <= query.Page.Size && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Read(reader));
                count ??= reader.GetInt64(reader.FieldCount - 1);
            }
        }

        // No row means no match, or a continuation past the last one: only then is the count asked separately.
        count ??= query.Page.ContinuationToken is null ? 0 : await CountAsync(query, cancellationToken).ConfigureAwait(false);
        return (count.Value, await ToPageAsync(items, query.Page.Size, kind, e => SortValue(e, query.Sort), cancellationToken).ConfigureAwait(false));
    }

    public async Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = Session.CreateCommand("");
        command.CommandText = $"SELECT COUNT(*) FROM {Table} {Alias} WHERE {Where(query, command)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Maps the current row of a reader over <see cref="SelectList"/> to a record.</summary>
    protected abstract T Read(SqliteDataReader reader);

    /// <summary>Gets the column, token kind and direction of a sort order for this table.</summary>
    protected abstract (string Column, byte Kind, bool Descending) SortKey(SortOrder order);

    /// <summary>Gets a record's value of the sort column, for the continuation token.</summary>
    protected abstract long SortValue(T entity, SortOrder order);

    /// <summary>Loads what the main row does not hold (purchase lines); returns the records unchanged by default.</summary>
    protected virtual Task<IReadOnlyList<T>> CompleteAsync(IReadOnlyList<T> items, CancellationToken cancellationToken) =>
        Task.FromResult(items);

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
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        command.Parameters.AddWithValue("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>
    /// Reads one page of a customer's records newest first (the timeline, the purchase history): the first page with
    /// <paramref name="firstPageSql"/>, later pages with <paramref name="nextPageSql"/> after the token's keyset.
    /// </summary>
    protected Task<Page<T>> ReadNewestFirstForCustomerAsync(string firstPageSql, string nextPageSql, Guid customerId, PageRequest page, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        var command = Session.CreateCommand(firstPageSql);
        try
        {
            if (page.ContinuationToken is { } token)
            {
                var (key, id) = KeysetToken.Decode(token, KeysetToken.NewestFirstKind);
                command.CommandText = nextPageSql;
                command.Parameters.AddWithValue("@afterKey", key);
                command.Parameters.AddWithValue("@afterId", id);
            }

            command.Parameters.AddWithValue("@tenant", Session.TenantId);
            command.Parameters.AddWithValue("@customer", customerId);
            command.Parameters.AddWithValue("@limit", page.Size + 1);
            return ReadAndDisposeAsync(command, page.Size, sortValue, cancellationToken);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    private async Task<Page<T>> ReadAndDisposeAsync(SqliteCommand command, int size, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        using (command)
        {
            return await ReadPageAsync(command, size, KeysetToken.NewestFirstKind, sortValue, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a paged command that asks for one row more than <paramref name="size"/> to learn whether more follow.</summary>
    protected async Task<Page<T>> ReadPageAsync(SqliteCommand command, int size, byte kind, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        var items = await ReadAllAsync(command, size + 1, cancellationToken).ConfigureAwait(false);
        return await ToPageAsync(items, size, kind, sortValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns up to <paramref name="size"/> + 1 rows into a page: the extra row only tells that more follow.</summary>
    private async Task<Page<T>> ToPageAsync(List<T> items, int size, byte kind, Func<T, long> sortValue, CancellationToken cancellationToken)
    {
        string? token = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            var last = items[^1];
            token = KeysetToken.Encode(kind, sortValue(last), last.Id);
        }

        return new Page<T>(await CompleteAsync(items, cancellationToken).ConfigureAwait(false), token);
    }

    private async Task<List<T>> ReadAllAsync(SqliteCommand command, int max, CancellationToken cancellationToken)
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

    private string Where(StorageQuery query, SqliteCommand command)
    {
        command.Parameters.AddWithValue("@tenant", Session.TenantId);
        if (query.Filter is null)
        {
            return $"{Alias}.tenant_id = @tenant";
        }

        var bound = ConditionBinder.Bind(query.Filter, Catalog);
        var translator = new SqlConditionTranslator(query.AsOf);
        var predicate = translator.Translate(bound, Fields, Alias);
        foreach (var (name, value) in translator.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return $"{Alias}.tenant_id = @tenant AND {predicate}";
    }
}
