using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.Purchases;

/// <summary>Stores purchases in <c>purchases</c> and their lines in <c>purchase_lines</c>, always together.</summary>
internal sealed class PostgresPurchaseRepository(PostgresStorageSession session) : PostgresRepository<Purchase>(session), IPurchaseRepository
{
    /// <summary>The first page of a purchase history.</summary>
    internal const string HistorySql =
        "SELECT " + PurchaseRows.SelectList + " FROM purchases p WHERE p.tenant_id = @tenant AND p.customer_id = @customer " +
        "ORDER BY p.purchased_at DESC, p.purchased_at_tick DESC, p.id DESC LIMIT @limit;";

    /// <summary>A later page of a purchase history, after the key and id of the previous page's last purchase.</summary>
    internal const string HistoryAfterSql =
        "SELECT " + PurchaseRows.SelectList + " FROM purchases p WHERE p.tenant_id = @tenant AND p.customer_id = @customer " +
        "AND (p.purchased_at, p.purchased_at_tick, p.id) < (@afterKey, @afterTick, @afterId) " +
        "ORDER BY p.purchased_at DESC, p.purchased_at_tick DESC, p.id DESC LIMIT @limit;";

    private const string EntityType = "Purchase";

    protected override string EntityName => EntityType;

    protected override string Table => "purchases";

    protected override string Alias => "p";

    protected override string SelectList => PurchaseRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Purchase;

    protected override PgFieldMap Fields => PgFieldMaps.Purchase;

    public Task<Page<Purchase>> ListByCustomerAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken) =>
        ReadNewestFirstForCustomerAsync(HistorySql, HistoryAfterSql, customerId, page, p => p.PurchasedAt.UtcTicks, cancellationToken);

    public override async Task<Purchase> InsertAsync(Purchase entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        PurchaseRows.Validate(entity);
        var scope = await Session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            await WriteAsync(PurchaseRows.Table.InsertSql, entity, 1, replaceLines: false, cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync().ConfigureAwait(false);
        }

        return entity with { Version = 1 };
    }

    public override async Task<Purchase> UpdateAsync(Purchase entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        PurchaseRows.Validate(entity);
        var scope = await Session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            if (!await WriteAsync(PurchaseRows.Table.UpdateSql, entity, entity.Version, replaceLines: true, cancellationToken).ConfigureAwait(false))
            {
                var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
                throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
            }

            await scope.CommitAsync().ConfigureAwait(false);
        }

        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Purchase> entities, CancellationToken cancellationToken) =>
        BulkInsertCoreAsync(entities, CopyAsync, cancellationToken);

    protected override Purchase Read(NpgsqlDataReader reader) => PurchaseRows.Read(reader, Session.TenantId);

    protected override (string Column, byte Kind, bool Descending) SortKey(SortOrder order) =>
        order is SortOrder.CreatedDescending or SortOrder.UpdatedDescending
            ? ("purchased_at", (byte)SortOrder.CreatedDescending, true)
            : ("purchased_at", (byte)SortOrder.CreatedAscending, false);

    protected override long SortValue(Purchase entity, SortOrder order) => entity.PurchasedAt.UtcTicks;

    protected override async Task<IReadOnlyList<Purchase>> CompleteAsync(IReadOnlyList<Purchase> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return items;
        }

        var lines = new Dictionary<Guid, List<PurchaseLine>>(items.Count);
        using (var command = Session.CreateCommand(PurchaseRows.ReadLinesSql))
        {
            AddTenant(command);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = items.Select(p => p.Id).ToArray() });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = reader.GetGuid(0);
                    if (!lines.TryGetValue(id, out var list))
                    {
                        lines[id] = list = [];
                    }

                    list.Add(PurchaseRows.ReadLine(reader));
                }
            }
        }

        return items.Select(p => lines.TryGetValue(p.Id, out var list) ? p with { Lines = list } : p).ToList();
    }

    /// <summary>Writes one purchase and its lines; returns <see langword="false"/> when an update found no row at the version.</summary>
    private async Task<bool> WriteAsync(string sql, Purchase purchase, long version, bool replaceLines, CancellationToken cancellationToken)
    {
        var row = new object?[PurchaseRows.Table.Width];
        using var json = new JsonColumns();
        PurchaseRows.Table.Fill(row, purchase, version, json);
        using (var command = Session.CreateCommand(sql))
        {
            PurchaseRows.Table.Bind(command, row);
            try
            {
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, purchase.Id, e);
            }
        }

        // One round trip for the old lines' removal and every new line.
        using var batch = new NpgsqlBatch(Session.Connection);
        if (replaceLines)
        {
            var delete = new NpgsqlBatchCommand(PurchaseRows.DeleteLinesSql);
            delete.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = purchase.TenantId });
            delete.Parameters.Add(new NpgsqlParameter("purchase", NpgsqlDbType.Uuid) { Value = purchase.Id });
            batch.BatchCommands.Add(delete);
        }

        var lineRow = new object?[PurchaseRows.LineTable.Width];
        for (var i = 0; i < purchase.Lines.Count; i++)
        {
            PurchaseRows.LineTable.Fill(lineRow, new PurchaseRows.LineRow(purchase, i), 0, json);
            using var template = new NpgsqlCommand();
            PurchaseRows.LineTable.Bind(template, lineRow);
            var insert = new NpgsqlBatchCommand(PurchaseRows.LineTable.InsertSql);
            foreach (var parameter in template.Parameters.ToArray())
            {
                template.Parameters.Remove(parameter);
                insert.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<int> CopyAsync(IEnumerable<Purchase> entities, List<Guid> ids, CancellationToken cancellationToken)
    {
        var table = PurchaseRows.Table;
        var row = new object?[table.Width];
        using var json = new JsonColumns();
        var written = new List<Purchase>();
        var importer = await Session.Connection.BeginBinaryImportAsync(table.CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CheckTenant(entity);
                PurchaseRows.Validate(entity);
                ids.Add(entity.Id);
                table.Fill(row, entity, 1, json);
                await table.WriteAsync(importer, row, cancellationToken).ConfigureAwait(false);
                written.Add(entity);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // A connection runs one COPY at a time, so the lines follow in a second stream of the same unit.
        var lines = PurchaseRows.LineTable;
        var lineRow = new object?[lines.Width];
        var lineImporter = await Session.Connection.BeginBinaryImportAsync(lines.CopySql, cancellationToken).ConfigureAwait(false);
        await using (lineImporter.ConfigureAwait(false))
        {
            foreach (var purchase in written)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < purchase.Lines.Count; i++)
                {
                    lines.Fill(lineRow, new PurchaseRows.LineRow(purchase, i), 0, json);
                    await lines.WriteAsync(lineImporter, lineRow, cancellationToken).ConfigureAwait(false);
                }
            }

            await lineImporter.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return written.Count;
    }
}
