using System.Text;
using Crm.Engine;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Querying;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Support;

/// <summary>Stores cases, SLA milestones, assignment turns, alerts and knowledge articles (searched with tsvector and ts_rank).</summary>
internal sealed partial class PostgresSupportStore(PostgresStorageSession session) : ISupportStore
{
    private const string CaseEntity = "SupportCase";
    private const string ArticleEntity = "KnowledgeArticle";
    private const byte CasePageKind = 0x70;
    private const byte AlertPageKind = 0x71;

    private const string CaseValues =
        "@id, 1, @customer, @subject, @description, @priority, @category, @status, @owner, @team, @channel, @policy, @opened, @opened_tick, " +
        "@first_response, @first_response_tick, @resolved, @resolved_tick, @first_response_due, @first_response_due_tick, @resolution_due, @resolution_due_tick, " +
        "@escalation, @open_key, @updated, @updated_tick";

    private const string InsertCaseSql =
        $"INSERT INTO support_cases (tenant_id, is_open, {SupportRows.CaseColumns}) VALUES (@tenant, @is_open, {CaseValues}) " +
        $"ON CONFLICT (tenant_id, open_key) WHERE open_key IS NOT NULL DO NOTHING RETURNING {SupportRows.CaseColumns};";

    private const string UpdateCaseSql =
        "UPDATE support_cases SET version = version + 1, customer_id = @customer, subject = @subject, description = @description, priority = @priority, " +
        "category = @category, status = @status, is_open = @is_open, owner_id = @owner, team_id = @team, channel = @channel, sla_policy = @policy, " +
        "first_response_at = @first_response, first_response_at_tick = @first_response_tick, resolved_at = @resolved, resolved_at_tick = @resolved_tick, " +
        "first_response_due_at = @first_response_due, first_response_due_at_tick = @first_response_due_tick, resolution_due_at = @resolution_due, " +
        "resolution_due_at_tick = @resolution_due_tick, escalation_level = @escalation, updated_at = @updated, updated_at_tick = @updated_tick " +
        $"WHERE tenant_id = @tenant AND id = @id AND version = @version RETURNING {SupportRows.CaseColumns};";

    public async Task<SupportCase?> TryInsertCaseAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        var scope = await session.BeginWriteAsync(severalStatements: false, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            using var command = Command(InsertCaseSql);
            SupportRows.BindCase(command, supportCase);
            try
            {
                var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
                await scope.CommitAsync().ConfigureAwait(false);
                return list.Count == 0 ? null : list[0];
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(CaseEntity, supportCase.Id, e);
            }
        }
    }

    public async Task<SupportCase?> GetCaseAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<SupportCase?> FindCaseByOpenKeyAsync(string openKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openKey);
        using var command = Command($"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND open_key = @key;");
        command.Parameters.AddText("key", openKey);
        var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<SupportCase> UpdateCaseAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        using var command = Command(UpdateCaseSql);
        SupportRows.BindCase(command, supportCase);
        var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        if (list.Count == 1)
        {
            return list[0];
        }

        var current = await GetCaseAsync(supportCase.Id, cancellationToken).ConfigureAwait(false);
        throw new CrmConcurrencyException(CaseEntity, supportCase.Id, supportCase.Version, current?.Version);
    }

    public async Task<Page<SupportCase>> QueryCasesAsync(CaseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = new StringBuilder($"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant");
        if (query.CustomerId is { } customer)
        {
            sql.Append(" AND customer_id = @customer");
            command.Parameters.AddUuid("customer", customer);
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddText("status", status.ToString());
        }

        if (query.OwnerId is { } owner)
        {
            sql.Append(" AND owner_id = @owner");
            command.Parameters.AddText("owner", owner);
        }

        if (query.TeamId is { } team)
        {
            sql.Append(" AND team_id = @team");
            command.Parameters.AddText("team", team);
        }

        RecordVisibilitySql.Append(sql, query.VisibleTo, "owner_id", "team_id", (n, v) => command.Parameters.AddText(n, v));
        if (query.OpenOnly)
        {
            sql.Append(" AND is_open");
        }

        AppendAfter(command, sql, query.Page, CasePageKind, "opened_at");
        sql.Append(" ORDER BY opened_at DESC, opened_at_tick DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return ToPage(items, query.Page.Size, CasePageKind, c => c.OpenedAt.UtcTicks, c => c.Id);
    }

    public async Task<CustomerCases> GetCustomerCasesAsync(Guid customerId, int recentLimit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentLimit);
        using var command = Command(
            $"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer AND (is_open OR id IN " +
            "(SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer ORDER BY opened_at DESC, opened_at_tick DESC, id DESC LIMIT @recent)) " +
            "ORDER BY opened_at DESC, opened_at_tick DESC, id DESC;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddInteger("recent", recentLimit);
        var all = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return new CustomerCases([.. all.Where(c => c.IsOpen)], [.. all.Take(recentLimit)]);
    }

    public async Task<SupportCase?> FindOpenCaseAsync(Guid customerId, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var command = Command(
            $"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer AND is_open AND channel = @channel " +
            "ORDER BY opened_at DESC, opened_at_tick DESC, id DESC LIMIT 1;");
        command.Parameters.AddUuid("customer", customerId);
        command.Parameters.AddText("channel", channel);
        var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<IReadOnlyDictionary<string, long>> CountOpenCasesByOwnerAsync(IReadOnlyCollection<string> ownerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownerIds);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (ownerIds.Count == 0)
        {
            return counts;
        }

        if (session.InTransaction)
        {
            // Read committed would let two concurrent least-loaded picks see the same counts; a transaction-scoped lock
            // per tenant makes them take turns until the picking transaction commits (as SQLite's write lock does).
            using var gate = Command("SELECT pg_advisory_xact_lock(hashtext('crm.support.assign:' || @tenant));");
            await gate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var command = Command("SELECT owner_id, COUNT(*) FROM support_cases WHERE tenant_id = @tenant AND is_open AND owner_id = ANY(@owners) GROUP BY owner_id;");
        command.Parameters.Add(new NpgsqlParameter("owners", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ownerIds.ToArray() });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    public async Task<long> NextAssignmentTurnAsync(string teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        using var command = Command(
            "INSERT INTO support_assignment_turns (tenant_id, team_id, next_turn) VALUES (@tenant, @team, 1) " +
            "ON CONFLICT (tenant_id, team_id) DO UPDATE SET next_turn = support_assignment_turns.next_turn + 1 RETURNING next_turn - 1;");
        command.Parameters.AddText("team", teamId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> TryRecordSlaMilestoneAsync(Guid caseId, SlaMilestone milestone, DateTimeOffset firedAt, CancellationToken cancellationToken)
    {
        using var command = Command(
            "INSERT INTO support_case_milestones (tenant_id, case_id, milestone, fired_at, fired_at_tick) VALUES (@tenant, @case, @milestone, @at, @at_tick) ON CONFLICT DO NOTHING;");
        command.Parameters.AddUuid("case", caseId);
        command.Parameters.AddText("milestone", milestone.ToString());
        command.Parameters.AddInstant("at", firedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryInsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var command = Command(
            $"INSERT INTO support_alerts (tenant_id, {SupportRows.AlertColumns}) VALUES (@tenant, @id, @rule, @key, @customer, @case, @severity, @message, @at, @at_tick) " +
            "ON CONFLICT (tenant_id, occurrence_key) DO NOTHING;");
        var p = command.Parameters;
        p.AddUuid("id", alert.Id);
        p.AddText("rule", alert.Rule);
        p.AddText("key", alert.OccurrenceKey);
        p.AddUuidOrNull("customer", alert.CustomerId);
        p.AddUuidOrNull("case", alert.CaseId);
        p.AddText("severity", alert.Severity.ToString());
        p.AddText("message", alert.Message);
        p.AddInstant("at", alert.RaisedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Page<Alert>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = new StringBuilder($"SELECT {SupportRows.AlertColumns} FROM support_alerts WHERE tenant_id = @tenant");
        if (query.CustomerId is { } customer)
        {
            sql.Append(" AND customer_id = @customer");
            command.Parameters.AddUuid("customer", customer);
        }

        if (query.Rule is { } rule)
        {
            sql.Append(" AND rule = @rule");
            command.Parameters.AddText("rule", rule);
        }

        AppendAfter(command, sql, query.Page, AlertPageKind, "raised_at");
        sql.Append(" ORDER BY raised_at DESC, raised_at_tick DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = new List<Alert>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(SupportRows.ReadAlert(reader, session.TenantId));
            }
        }

        return ToPage(items, query.Page.Size, AlertPageKind, a => a.RaisedAt.UtcTicks, a => a.Id);
    }

    public async Task<KnowledgeArticle> SaveArticleAsync(KnowledgeArticle article, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(article);
        var scope = await session.BeginWriteAsync(severalStatements: false, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            KnowledgeArticle stored;
            if (article.Version == 0)
            {
                using var insert = Command(
                    "INSERT INTO knowledge_articles (tenant_id, id, version, title, body, tags, tags_text, published, created_at, created_at_tick, updated_at, updated_at_tick) " +
                    "VALUES (@tenant, @id, 1, @title, @body, @tags, @tags_text, @published, @created, @created_tick, @updated, @updated_tick);");
                BindArticle(insert, article);
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
                {
                    throw new CrmDuplicateException(ArticleEntity, article.Id, e);
                }

                stored = article with { TenantId = session.TenantId, Version = 1 };
            }
            else
            {
                using var update = Command(
                    "UPDATE knowledge_articles SET version = version + 1, title = @title, body = @body, tags = @tags, tags_text = @tags_text, published = @published, " +
                    "updated_at = @updated, updated_at_tick = @updated_tick WHERE tenant_id = @tenant AND id = @id AND version = @version;");
                BindArticle(update, article);
                update.Parameters.AddBigint("version", article.Version);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    var current = await GetArticleAsync(article.Id, cancellationToken).ConfigureAwait(false);
                    throw new CrmConcurrencyException(ArticleEntity, article.Id, article.Version, current?.Version);
                }

                stored = (await GetArticleAsync(article.Id, cancellationToken).ConfigureAwait(false))!;
            }

            await scope.CommitAsync().ConfigureAwait(false);
            return stored;
        }
    }

    public async Task<KnowledgeArticle?> GetArticleAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {SupportRows.ArticleColumns} FROM knowledge_articles WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SupportRows.ReadArticle(reader, session.TenantId) : null;
        }
    }

    public async Task<bool> DeleteArticleAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM knowledge_articles WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<KnowledgeSearchHit>> SearchArticlesAsync(IReadOnlyList<string> terms, KnowledgeSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(search);
        if (terms.Count == 0 || search.Limit <= 0)
        {
            return [];
        }

        // Each term goes through plainto_tsquery (stemmed, never parsed as query syntax) and the terms are OR-ed.
        var sql = new StringBuilder(
            $"WITH q AS (SELECT (SELECT string_agg(plainto_tsquery('english'::regconfig, t)::text, ' | ') FROM unnest(@terms::text[]) AS t WHERE plainto_tsquery('english'::regconfig, t)::text <> '')::tsquery AS query) " +
            $"SELECT {SupportRows.ArticleColumns}, ts_rank(search, q.query) AS rank FROM knowledge_articles, q WHERE tenant_id = @tenant AND q.query IS NOT NULL AND search @@ q.query");
        using var command = Command("");
        command.Parameters.Add(new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = terms.ToArray() });
        if (search.PublishedOnly)
        {
            sql.Append(" AND published");
        }

        if (search.Tag is { } tag)
        {
            sql.Append(" AND @tag = ANY(tags)");
            command.Parameters.AddText("tag", tag);
        }

        sql.Append(" ORDER BY rank DESC, id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", search.Limit);
        var hits = new List<KnowledgeSearchHit>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new KnowledgeSearchHit(SupportRows.ReadArticle(reader, session.TenantId), reader.GetFloat(10)));
            }
        }

        return hits;
    }

    public async Task<long> RepointCustomerAsync(Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            using var cases = Command("UPDATE support_cases SET customer_id = @survivor, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @merged;");
            cases.Parameters.AddUuid("survivor", survivorId);
            cases.Parameters.AddUuid("merged", mergedId);
            long moved = await cases.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using var alerts = Command("UPDATE support_alerts SET customer_id = @survivor WHERE tenant_id = @tenant AND customer_id = @merged;");
            alerts.Parameters.AddUuid("survivor", survivorId);
            alerts.Parameters.AddUuid("merged", mergedId);
            await alerts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync().ConfigureAwait(false);
            return moved;
        }
    }

    private static void AppendAfter(NpgsqlCommand command, StringBuilder sql, PageRequest page, byte kind, string column)
    {
        if (page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, kind);
            sql.Append(" AND (").Append(column).Append(", ").Append(column).Append("_tick, id) < (@after, @after_tick, @after_id)");
            command.Parameters.AddInstant("after", new DateTimeOffset(key, TimeSpan.Zero));
            command.Parameters.AddUuid("after_id", id);
        }
    }

    private static Page<T> ToPage<T>(List<T> items, int size, byte kind, Func<T, long> key, Func<T, Guid> id)
    {
        string? next = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            next = KeysetToken.Encode(kind, key(items[^1]), id(items[^1]));
        }

        return new Page<T>(items, next);
    }

    private static void BindArticle(NpgsqlCommand command, KnowledgeArticle article)
    {
        var p = command.Parameters;
        p.AddUuid("id", article.Id);
        p.AddText("title", article.Title);
        p.AddText("body", article.Body);
        p.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = article.Tags.ToArray() });
        p.AddText("tags_text", string.Join(' ', article.Tags));
        p.Add(new NpgsqlParameter("published", NpgsqlDbType.Boolean) { Value = article.Published });
        p.AddInstant("created", article.CreatedAt);
        p.AddInstant("updated", article.UpdatedAt);
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }

    private async Task<List<SupportCase>> ReadCasesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<SupportCase>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(SupportRows.ReadCase(reader, session.TenantId));
            }
        }

        return list;
    }
}
