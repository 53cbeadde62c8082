using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Serialization;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Sales;

/// <summary>
/// Stores one tenant's sales records on the session's connection, so every write joins the session's transaction.
/// Records are JSON documents with the columns SQL needs; updates compare and swap on the version column.
/// </summary>
internal sealed partial class SqliteSalesStore(SqliteStorageSession session) : ISalesStore
{
    public async Task<LeadProfile> SaveLeadAsync(LeadProfile lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var stored = lead with { TenantId = session.TenantId, Version = lead.Version + 1 };
        var values = new Dictionary<string, object>
        {
            ["@score"] = Scale(lead.Score, "lead.score"),
        };
        await SaveAsync("sales_leads", "Lead", lead.Id, lead.Version, "score = @score", "score", values, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<LeadProfile?> GetLeadAsync(Guid leadId, CancellationToken cancellationToken) =>
        GetAsync<LeadProfile>("sales_leads", leadId, (l, v) => l with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Page<LeadProfile>> ListLeadsAsync(PageRequest page, Crm.Engine.Security.RecordVisibility? visibleTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        using var command = Command("");
        var visible = new System.Text.StringBuilder();
        RecordVisibilitySql.Append(visible, visibleTo, "json_extract(doc, '$.ownerId')", "json_extract(doc, '$.teamId')", (n, v) => command.Parameters.AddWithValue("@" + n, v));
        var after = visible.ToString();
        if (page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, SalesDocuments.LeadListKind);
            after += " AND (score < @afterKey OR (score = @afterKey AND id > @afterId))";
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        command.CommandText = "SELECT doc, version, score FROM sales_leads WHERE tenant_id = @tenant" + after + " ORDER BY score DESC, id LIMIT @limit;";
        command.Parameters.AddWithValue("@limit", page.Size + 1);
        var items = new List<(LeadProfile Lead, long Score)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var lead = SalesDocuments.Read<LeadProfile>(reader.GetString(0)) with { Version = reader.GetInt64(1), TenantId = session.TenantId };
                items.Add((lead, reader.GetInt64(2)));
            }
        }

        string? next = null;
        if (items.Count > page.Size)
        {
            items.RemoveAt(page.Size);
            next = KeysetToken.Encode(SalesDocuments.LeadListKind, items[^1].Score, items[^1].Lead.Id);
        }

        return new Page<LeadProfile>([.. items.Select(i => i.Lead)], next);
    }

    public async Task<bool> DeleteLeadAsync(Guid leadId, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM sales_leads WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", leadId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Pipeline> SavePipelineAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var stored = pipeline with { TenantId = session.TenantId, Version = pipeline.Version + 1 };
        await SaveAsync("sales_pipelines", "Pipeline", pipeline.Id, pipeline.Version, null, null, [], SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Pipeline?> GetPipelineAsync(Guid pipelineId, CancellationToken cancellationToken) =>
        GetAsync<Pipeline>("sales_pipelines", pipelineId, (p, v) => p with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Deal> SaveDealAsync(Deal deal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deal);
        SalesDocuments.CheckStorable(deal);
        var stored = deal with { TenantId = session.TenantId, Version = deal.Version + 1 };
        var values = new Dictionary<string, object>
        {
            ["@customer"] = deal.CustomerId,
            ["@pipeline"] = deal.PipelineId,
            ["@stage"] = deal.StageId,
            ["@status"] = deal.Status.ToString(),
            ["@probability"] = (long)(deal.Probability * 100),
            ["@amount"] = (long)(deal.Amount * ScaledDecimal.Factor),
            ["@currency"] = deal.Currency,
            ["@owner"] = SqliteValues.OrNull(deal.OwnerId),
            ["@close"] = SqliteValues.ToDateText(deal.ExpectedCloseDate),
            ["@created"] = SqliteValues.ToTicks(deal.CreatedAt),
            ["@closed"] = deal.ClosedAt is { } closed ? SqliteValues.ToTicks(closed) : DBNull.Value,
        };
        await SaveAsync(
            "sales_deals",
            "Deal",
            deal.Id,
            deal.Version,
            "customer_id = @customer, pipeline_id = @pipeline, stage_id = @stage, status = @status, probability = @probability, amount = @amount, " +
            "currency = @currency, owner_id = @owner, expected_close = @close, created_at = @created, closed_at = @closed",
            "customer_id, pipeline_id, stage_id, status, probability, amount, currency, owner_id, expected_close, created_at, closed_at",
            values,
            SalesDocuments.Write(stored),
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Deal?> GetDealAsync(Guid dealId, CancellationToken cancellationToken) =>
        GetAsync<Deal>("sales_deals", dealId, (d, v) => d with { Version = v, TenantId = session.TenantId }, cancellationToken);

    public async Task<Page<Deal>> ListDealsAsync(DealQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = new System.Text.StringBuilder("SELECT doc, version, created_at FROM sales_deals WHERE tenant_id = @tenant");
        Filter(sql, command, "pipeline_id", "@pipeline", query.PipelineId);
        Filter(sql, command, "customer_id", "@customer", query.CustomerId);
        Filter(sql, command, "owner_id", "@owner", query.OwnerId);
        Filter(sql, command, "status", "@status", query.Status?.ToString());
        Filter(sql, command, "stage_id", "@stage", query.StageId);
        RecordVisibilitySql.Append(sql, query.VisibleTo, "owner_id", "json_extract(doc, '$.teamId')", (n, v) => command.Parameters.AddWithValue("@" + n, v));
        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, SalesDocuments.DealListKind);
            sql.Append(" AND (created_at, id) > (@afterKey, @afterId)");
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        sql.Append(" ORDER BY created_at, id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        var items = new List<Deal>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(SalesDocuments.Read<Deal>(reader.GetString(0)) with { Version = reader.GetInt64(1), TenantId = session.TenantId });
            }
        }

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
            "INSERT INTO sales_deal_stages (tenant_id, deal_id, seq, from_stage, to_stage, to_position, changed_at, actor) " +
            "VALUES (@tenant, @deal, @seq, @from, @to, @position, @at, @actor);");
        command.Parameters.AddWithValue("@deal", change.DealId);
        command.Parameters.AddWithValue("@seq", change.Sequence);
        command.Parameters.AddWithValue("@from", SqliteValues.OrNull(change.FromStageId));
        command.Parameters.AddWithValue("@to", change.ToStageId);
        command.Parameters.AddWithValue("@position", change.ToPosition);
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(change.ChangedAt));
        command.Parameters.AddWithValue("@actor", SqliteValues.OrNull(change.Actor));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException("DealStageChange", change.DealId, e);
        }
    }

    public async Task<IReadOnlyList<DealStageChange>> GetStageHistoryAsync(Guid dealId, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT seq, from_stage, to_stage, to_position, changed_at, actor FROM sales_deal_stages WHERE tenant_id = @tenant AND deal_id = @deal ORDER BY seq;");
        command.Parameters.AddWithValue("@deal", dealId);
        var items = new List<DealStageChange>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new DealStageChange(dealId, reader.GetInt32(0), reader.GetStringOrNull(1), reader.GetString(2), reader.GetInt32(3),
                    SqliteValues.FromTicks(reader.GetInt64(4)), reader.GetStringOrNull(5)));
            }
        }

        return items;
    }

    public async Task<long> RepointDealsAsync(Guid survivorId, Guid mergedCustomerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The document carries the customer too; json_set keeps it in step with the column in the same statement.
        using var command = Command(
            "UPDATE sales_deals SET customer_id = @survivor, version = version + 1, " +
            "doc = json_set(doc, '$.customerId', @survivorText, '$.updatedAt', @nowText) " +
            "WHERE tenant_id = @tenant AND customer_id = @merged;");
        command.Parameters.AddWithValue("@survivor", survivorId);
        command.Parameters.AddWithValue("@survivorText", survivorId.ToString());
        command.Parameters.AddWithValue("@nowText", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@merged", mergedCustomerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Quote> SaveQuoteAsync(Quote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var stored = quote with { TenantId = session.TenantId, Version = quote.Version + 1 };
        var values = new Dictionary<string, object> { ["@customer"] = quote.CustomerId, ["@status"] = quote.Status.ToString() };
        await SaveAsync("sales_quotes", "Quote", quote.Id, quote.Version, "customer_id = @customer, status = @status", "customer_id, status", values, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
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
        var values = new Dictionary<string, object> { ["@quote"] = order.QuoteId, ["@customer"] = order.CustomerId };
        await SaveAsync("sales_orders", "Order", order.Id, 0, null, "quote_id, customer_id", values, SalesDocuments.Write(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public Task<Order?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        GetAsync<Order>("sales_orders", orderId, (o, v) => o with { Version = v, TenantId = session.TenantId }, cancellationToken);

    private static long Scale(decimal value, string path)
    {
        var errors = new List<ValidationError>();
        var scaled = ScaledDecimal.Scale(value, path, errors);
        return errors.Count == 0 ? scaled : throw new CrmValidationException(errors);
    }

    private static void Filter(System.Text.StringBuilder sql, SqliteCommand command, string column, string parameter, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(column).Append(" = ").Append(parameter);
            command.Parameters.AddWithValue(parameter, value);
        }
    }

    /// <summary>Inserts (expected version 0) or compare-and-swap updates a record.</summary>
    private async Task SaveAsync(
        string table, string entityType, Guid id, long expectedVersion, string? updateSet, string? insertColumns,
        Dictionary<string, object> values, string doc, CancellationToken cancellationToken)
    {
        using var command = Command("");
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@doc", doc);
        if (expectedVersion == 0)
        {
            var columns = insertColumns is null ? "" : ", " + insertColumns;
            var parameters = values.Count == 0 ? "" : ", " + string.Join(", ", values.Keys);
            command.CommandText = $"INSERT INTO {table} (tenant_id, id, version, doc{columns}) VALUES (@tenant, @id, 1, @doc{parameters});";
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(entityType, id, e);
            }

            return;
        }

        var set = updateSet is null ? "" : ", " + updateSet;
        command.CommandText = $"UPDATE {table} SET version = version + 1, doc = @doc{set} WHERE tenant_id = @tenant AND id = @id AND version = @version;";
        command.Parameters.AddWithValue("@version", expectedVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return;
        }

        using var probe = Command($"SELECT version FROM {table} WHERE tenant_id = @tenant AND id = @id;");
        probe.Parameters.AddWithValue("@id", id);
        var actual = await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        throw actual is long version
            ? new CrmConcurrencyException(entityType, id, expectedVersion, version)
            : new CrmNotFoundException(entityType, id);
    }

    private async Task<T?> GetAsync<T>(string table, Guid id, Func<T, long, T> complete, CancellationToken cancellationToken)
        where T : class
    {
        using var command = Command($"SELECT doc, version FROM {table} WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? complete(SalesDocuments.Read<T>(reader.GetString(0)), reader.GetInt64(1))
                : null;
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }
}
