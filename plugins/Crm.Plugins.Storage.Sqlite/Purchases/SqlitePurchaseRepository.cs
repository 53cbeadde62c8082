using System.Globalization;
using System.Text;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Purchases;

/// <summary>Stores purchases in <c>purchases</c> and their lines in <c>purchase_lines</c>, always together.</summary>
internal sealed class SqlitePurchaseRepository(SqliteStorageSession session) : SqliteRepository<Purchase>(session), IPurchaseRepository
{
    /// <summary>The first page of a purchase history; the tests check that its plan reads <c>ix_purchases_customer</c> without sorting.</summary>
    internal const string HistorySql =
        "SELECT " + PurchaseRows.SelectList + " FROM purchases p WHERE p.tenant_id = @tenant AND p.customer_id = @customer " +
        "ORDER BY p.purchased_at DESC, p.id DESC LIMIT @limit;";

    /// <summary>A later page of a purchase history, after the key and id of the previous page's last purchase.</summary>
    internal const string HistoryAfterSql =
        "SELECT " + PurchaseRows.SelectList + " FROM purchases p WHERE p.tenant_id = @tenant AND p.customer_id = @customer " +
        "AND (p.purchased_at, p.id) < (@afterKey, @afterId) ORDER BY p.purchased_at DESC, p.id DESC LIMIT @limit;";

    private const string EntityType = "Purchase";

    // Well below SQLite's 32,766 host parameters per statement.
    private const int LineBatch = 500;

    protected override string EntityName => EntityType;

    protected override string Table => "purchases";

    protected override string Alias => "p";

    protected override string SelectList => PurchaseRows.SelectList;

    protected override FieldCatalog Catalog => CrmFields.Purchase;

    protected override SqlFieldMap Fields => SqlFieldMaps.Purchase;

    public Task<Page<Purchase>> ListByCustomerAsync(Guid customerId, PageRequest page, CancellationToken cancellationToken) =>
        ReadNewestFirstForCustomerAsync(HistorySql, HistoryAfterSql, customerId, page, p => p.PurchasedAt.UtcTicks, cancellationToken);

    public override Task<Purchase> InsertAsync(Purchase entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        var lines = PurchaseRows.Scale(entity, out var total);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = Session.BeginWrite();
        using var writer = new Writer(Session, update: false);
        writer.Write(entity, 1, lines, total);
        scope.Commit();
        return Task.FromResult(entity with { Version = 1 });
    }

    public override async Task<Purchase> UpdateAsync(Purchase entity, CancellationToken cancellationToken)
    {
        CheckTenant(entity);
        var lines = PurchaseRows.Scale(entity, out var total);
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = Session.BeginWrite();
        using var writer = new Writer(Session, update: true);
        if (!writer.Write(entity, entity.Version, lines, total))
        {
            var actual = await ReadVersionAsync(entity.Id, cancellationToken).ConfigureAwait(false);
            throw new CrmConcurrencyException(EntityType, entity.Id, entity.Version, actual);
        }

        scope.Commit();
        return entity with { Version = entity.Version + 1 };
    }

    public override Task<int> BulkInsertAsync(IEnumerable<Purchase> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var count = 0;
        using var scope = Session.BeginWrite();
        using (var writer = new Writer(Session, update: false))
        {
            foreach (var entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CheckTenant(entity);
                var lines = PurchaseRows.Scale(entity, out var total);
                writer.Write(entity, 1, lines, total);
                count++;
            }
        }

        scope.Commit();
        return Task.FromResult(count);
    }

    protected override Purchase Read(SqliteDataReader reader) => PurchaseRows.Read(reader, Session.TenantId);

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
        for (var start = 0; start < items.Count; start += LineBatch)
        {
            var batch = Math.Min(LineBatch, items.Count - start);
            var sql = new StringBuilder("SELECT purchase_id, sku, product_name, category, quantity, unit_price, discount FROM purchase_lines WHERE tenant_id = @tenant AND purchase_id IN (");
            using var command = Session.CreateCommand("");
            command.Parameters.AddWithValue("@tenant", Session.TenantId);
            for (var i = 0; i < batch; i++)
            {
                var name = "@id" + i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(name);
                command.Parameters.AddWithValue(name, items[start + i].Id);
            }

            command.CommandText = sql.Append(") ORDER BY purchase_id, line_no;").ToString();
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

    /// <summary>Writes purchases and their lines with prepared commands reused for every record.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _row;
        private readonly SqliteCommand _line;
        private readonly SqliteCommand? _deleteLines;

        public Writer(SqliteStorageSession session, bool update)
        {
            _row = session.CreateCommand(update ? PurchaseRows.UpdateSql : PurchaseRows.InsertSql);
            PurchaseRows.AddParameters(_row);
            _line = session.CreateCommand(PurchaseRows.InsertLineSql);
            PurchaseRows.AddLineParameters(_line);
            if (update)
            {
                _deleteLines = session.CreateCommand(PurchaseRows.DeleteLinesSql);
                _deleteLines.Parameters.AddWithValue("@tenant", session.TenantId);
                _deleteLines.Parameters.Add(new SqliteParameter("@purchase", null));
            }
        }

        /// <summary>Writes one purchase; returns <see langword="false"/> when an update found no row at the version.</summary>
        public bool Write(Purchase purchase, long version, ScaledLine[] lines, long total)
        {
            PurchaseRows.Bind(_row.Parameters, purchase, version, total);
            try
            {
                if (_row.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, purchase.Id, e);
            }

            if (_deleteLines is not null)
            {
                _deleteLines.Parameters[1].Value = purchase.Id;
                _deleteLines.ExecuteNonQuery();
            }

            for (var i = 0; i < lines.Length; i++)
            {
                PurchaseRows.BindLine(_line.Parameters, purchase, i, lines[i]);
                _line.ExecuteNonQuery();
            }

            return true;
        }

        public void Dispose()
        {
            _row.Dispose();
            _line.Dispose();
            _deleteLines?.Dispose();
        }
    }
}
