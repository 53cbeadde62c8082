using System.Text;
using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Sales;

/// <summary>
/// Stores one tenant's sales records on the session's connection, so every write joins the session's transaction.
/// Records are jsonb documents with the columns SQL needs; updates compare and swap on the version column. Every
/// write is one statement that never provokes a unique violation (ON CONFLICT DO NOTHING), which would abort the
/// caller's transaction.
/// </summary>
internal sealed partial class PostgresSalesStore(PostgresStorageSession session) : ISalesStore
{
    public async Task<LeadProfile> SaveLeadAsync(LeadProfile lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var stored = lead with { TenantId = session.TenantId, Version = lead.Version + 1 };
        await SaveAsync("sales_leads", "Lead", lead.Id, lead.Version, ["score"], c => c.Parameters.Add(Numeric("score", lead.Score)), SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<LeadProfile?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken) =>
        GetAsync<LeadProfile>("sales_leads", leadId, (l, v) => l with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Page<LeadProfile>> ListLeadsAsync(PageRequest page, Crm.Engine.Security.RecordVisibility? visibleTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        using var command = Command("");
        var visible = new StringBuilder();
        RecordVisibilitySql.Append(visible, visibleTo, "(doc->>'ownerId')", "(doc->>'teamId')", (n, v) => command.Parameters.AddText(n, v));
        var after = visible.ToString();
        if (page.ContinuationToken is { } token)
        {
            // The token's key is the score scaled by 10^4, as in the SQLite provider, so tokens mean the same everywhere.
            var (key, id) = KeysetToken.Decode(token, SalesDocuments.LeadListKind);
            after += " AND (score < @afterKey OR (score = @afterKey AND id > @afterId))";
            command.Parameters.Add(Numeric("afterKey", key / 10_000m));
            command.Parameters.AddUuid("afterId", id);
        }

        command.CommandText = "SELECT doc, version FROM sales_leads WHERE tenant_id = @tenant" + after + " ORDER BY score DESC, id LIMIT @limit;";
        command.Parameters.AddInteger("limit", page.Size + 1);
        var items = await ReadAsync<LeadProfile>(command, (l, v) => l with { Version = v, TenantId = session.TenantId }, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > page.Size)
        {
            items.RemoveAt(page.Size);
            next = KeysetToken.Encode(SalesDocuments.LeadListKind, (long)(items[^1].Score * 10_000m), items[^1].Id);
        }

        return new Page<LeadProfile>(items, next);
    }

    public async Task<bool> DeleteLeadAsync(Guid leadId, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM sales_leads WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", leadId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Pipeline> SavePipelineAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var stored = pipeline with { TenantId = session.TenantId, Version = pipeline.Version + 1 };
        await SaveAsync("sales_pipelines", "Pipeline", pipeline.Id, pipeline.Version, [], _ => { }, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Pipeline?> GetPipelineAsync(Guid pipelineId, CancellationToken cancellationToken) =>
        GetAsync<Pipeline>("sales_pipelines", pipelineId, (p, v) => p with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Deal> SaveDealAsync(Deal deal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deal);
        SalesDocuments.CheckStorable(deal);
        var stored = deal with { TenantId = session.TenantId, Version = deal.Version + 1 };
        string[] columns = ["customer_id", "pipeline_id", "stage_id", "status", "probability", "amount", "currency", "owner_id", "expected_close", "created_ticks", "closed_ticks"];
        await SaveAsync("sales_deals", "Deal", deal.Id, deal.Version, columns, c =>
        {
            c.Parameters.AddUuid("customer_id", deal.CustomerId);
            c.Parameters.AddUuid("pipeline_id", deal.PipelineId);
            c.Parameters.AddText("stage_id", deal.StageId);
            c.Parameters.AddText("status", deal.Status.ToString());
            c.Parameters.Add(Numeric("probability", deal.Probability));
            c.Parameters.Add(Numeric("amount", deal.Amount));
            c.Parameters.AddText("currency", deal.Currency);
            c.Parameters.AddText("owner_id", deal.OwnerId);
            c.Parameters.Add(new NpgsqlParameter("expected_close", NpgsqlDbType.Date) { Value = deal.ExpectedCloseDate is { } d ? d : DBNull.Value });
            c.Parameters.AddBigint("created_ticks", deal.CreatedAt.UtcTicks);
            c.Parameters.Add(new NpgsqlParameter("closed_ticks", NpgsqlDbType.Bigint) { Value = deal.ClosedAt is { } closed ? closed.UtcTicks : DBNull.Value });
        }, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Deal?> GetDealAsync(Guid dealId, CancellationToken cancellationToken) =>
        GetAsync<Deal>("sales_deals", dealId, (d, v) => d with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Page<Deal>> ListDealsAsync(DealQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = new StringBuilder("SELECT doc, version FROM sales_deals WHERE tenant_id = @tenant");
        if (query.PipelineId is { } pipeline)
        {
            sql.Append(" AND pipeline_id = @pipeline");
            command.Parameters.AddUuid("pipeline", pipeline);
        }

        if (query.CustomerId is { } customer)
        {
            sql.Append(" AND customer_id = @customer");
            command.Parameters.AddUuid("customer", customer);
        }

        AddTextFilter(sql, command, "owner_id", "owner", query.OwnerId);
        AddTextFilter(sql, command, "status", "status", query.Status?.ToString());
        AddTextFilter(sql, command, "stage_id", "stage", query.StageId);
        RecordVisibilitySql.Append(sql, query.VisibleTo, "owner_id", "(doc->>'teamId')", (n, v) => command.Parameters.AddText(n, v));
        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, SalesDocuments.DealListKind);
            sql.Append(" AND (created_ticks, id) > (@afterKey, @afterId)");
            command.Parameters.AddBigint("afterKey", key);
            command.Parameters.AddUuid("afterId", id);
        }

        sql.Append(" ORDER BY created_ticks, id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = await ReadAsync<Deal>(command, (d, v) => d with { Version = v, TenantId = session.TenantId }, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(SalesDocuments.DealListKind, items[^1].CreatedAt.UtcTicks, items[^1].Id);
        }

        return new Page<Deal>(items, next);
    }

    public async Task AppendStageChangeAsync(DealStageChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var command = Command(
            "INSERT INTO sales_deal_stages (tenant_id, deal_id, seq, from_stage, to_stage, to_position, changed_ticks, actor) " +
            "VALUES (@tenant, @deal, @seq, @from, @to, @position, @at, @actor) ON CONFLICT DO NOTHING;");
        command.Parameters.AddUuid("deal", change.DealId);
        command.Parameters.AddInteger("seq", change.Sequence);
        command.Parameters.AddText("from", change.FromStageId);
        command.Parameters.AddText("to", change.ToStageId);
        command.Parameters.AddInteger("position", change.ToPosition);
        command.Parameters.AddBigint("at", change.ChangedAt.UtcTicks);
        command.Parameters.AddText("actor", change.Actor);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new CrmDuplicateException("DealStageChange", change.DealId);
        }
    }

    public async Task<IReadOnlyList<DealStageChange>> GetStageHistoryAsync(Guid dealId, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT seq, from_stage, to_stage, to_position, changed_ticks, actor FROM sales_deal_stages WHERE tenant_id = @tenant AND deal_id = @deal ORDER BY seq;");
        command.Parameters.AddUuid("deal", dealId);
        var items = new List<DealStageChange>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new DealStageChange(dealId, reader.GetInt32(0), reader.GetStringOrNull(1), reader.GetString(2), reader.GetInt32(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero), reader.GetStringOrNull(5)));
            }
        }

        return items;
    }

    public async Task<long> RepointDealsAsync(Guid survivorId, Guid mergedCustomerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = Command(
            "UPDATE sales_deals SET customer_id = @survivor, version = version + 1, " +
            "doc = jsonb_set(jsonb_set(doc, '{customerId}', to_jsonb(@survivorText)), '{updatedAt}', to_jsonb(@nowText)) " +
            "WHERE tenant_id = @tenant AND customer_id = @merged;");
        command.Parameters.AddUuid("survivor", survivorId);
        command.Parameters.AddText("survivorText", survivorId.ToString());
        command.Parameters.AddText("nowText", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddUuid("merged", mergedCustomerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Quote> SaveQuoteAsync(Quote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var stored = quote with { TenantId = session.TenantId, Version = quote.Version + 1 };
        await SaveAsync("sales_quotes", "Quote", quote.Id, quote.Version, ["customer_id", "status"], c =>
        {
            c.Parameters.AddUuid("customer_id", quote.CustomerId);
            c.Parameters.AddText("status", quote.Status.ToString());
        }, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Quote?> GetQuoteAsync(Guid quoteId, CancellationToken cancellationToken) =>
        GetAsync<Quote>("sales_quotes", quoteId, (q, v) => q with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Order> InsertOrderAsync(Order order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Version != 0)
        {
            throw new ArgumentException($"Order '{order.Id}' must be inserted with version 0; orders are never updated.", nameof(order));
        }

        var stored = order with { TenantId = session.TenantId, Version = 1 };
        await SaveAsync("sales_orders", "Order", order.Id, 0, ["quote_id", "customer_id"], c =>
        {
            c.Parameters.AddUuid("quote_id", order.QuoteId);
            c.Parameters.AddUuid("customer_id", order.CustomerId);
        }, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Order?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        GetAsync<Order>("sales_orders", orderId, (o, v) => o with { Version = v, TenantId = session.TenantId }, cancellationToken);

    private static NpgsqlParameter Numeric(string name, decimal value) => new(name, NpgsqlDbType.Numeric) { Value = value };

    private static void AddTextFilter(StringBuilder sql, NpgsqlCommand command, string column, string parameter, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = @").Append(parameter);
            command.Parameters.AddText(parameter, value);
        }
    }

    /// <summary>Inserts (expected version 0, refused when the id or a unique key exists) or compare-and-swap updates a record.</summary>
    private async Task SaveAsync(
        string table, string entityType, Guid id, long expectedVersion, string[] columns, Action<NpgsqlCommand> bind, string doc, CancellationToken cancellationToken)
    {
        using var command = Command("");
        bind(command);
        command.Parameters.AddUuid("id", id);
        command.Parameters.AddJsonb("doc", doc);
        if (expectedVersion == 0)
        {
            var names = columns.Length == 0 ? "" : ", " + string.Join(", ", columns);
            var values = columns.Length == 0 ? "" : ", " + string.Join(", ", columns.Select(c => "@" + c));
            command.CommandText = $"INSERT INTO {table} (tenant_id, id, version, doc{names}) VALUES (@tenant, @id, 1, @doc{values}) ON CONFLICT DO NOTHING;";
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new CrmDuplicateException(entityType, id);
            }

            return;
        }

        var set = string.Concat(columns.Select(c => $", {c} = @{c}"));
        command.CommandText = $"UPDATE {table} SET version = version + 1, doc = @doc{set} WHERE tenant_id = @tenant AND id = @id AND version = @version;";
        command.Parameters.AddBigint("version", expectedVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return;
        }

        using var probe = Command($"SELECT version FROM {table} WHERE tenant_id = @tenant AND id = @id;");
        probe.Parameters.AddUuid("id", id);
        var actual = await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        throw actual is long version
            ? new CrmConcurrencyException(entityType, id, expectedVersion, version)
            : new CrmNotFoundException(entityType, id);
    }

    private async Task<T?> GetAsync<T>(string table, Guid id, Func<T, long, T> complete, CancellationToken cancellationToken)
        where T : class
    {
        using var command = Command($"SELECT doc, version FROM {table} WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var items = await ReadAsync(command, complete, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<T, long, T> complete, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(complete(SalesDocuments.Read<T>(reader.GetString(0)), reader.GetInt64(1)));
            }
        }

        return items;
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }
}
