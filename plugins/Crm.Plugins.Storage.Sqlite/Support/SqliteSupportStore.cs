using System.Globalization;
using System.Text;
using Crm.Engine;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Serialization;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Support;

/// <summary>Stores cases, SLA milestones, assignment turns, alerts and knowledge articles (searched with FTS5 and bm25).</summary>
internal sealed partial class SqliteSupportStore(SqliteStorageSession session) : ISupportStore
{
    private const string CaseEntity = "SupportCase";
    private const string ArticleEntity = "KnowledgeArticle";
    private const byte CasePageKind = 0x70;
    private const byte AlertPageKind = 0x71;

    // Title hits weigh ten times, tag hits four times a body hit: a short title that names the problem is the best answer.
    private const string Bm25 = "bm25(knowledge_fts, 10.0, 1.0, 4.0)";

    private const string InsertCaseSql =
        $"INSERT INTO support_cases (tenant_id, {SupportRows.CaseColumns}, is_open) VALUES (@tenant, @id, 1, @customer, @subject, @description, @priority, " +
        "@category, @status, @owner, @team, @channel, @policy, @opened, @firstResponse, @resolved, @firstResponseDue, @resolutionDue, @escalation, @openKey, @updated, @isOpen) " +
        $"ON CONFLICT (tenant_id, open_key) WHERE open_key IS NOT NULL DO NOTHING RETURNING {SupportRows.CaseColumns};";

    private const string UpdateCaseSql =
        "UPDATE support_cases SET version = version + 1, customer_id = @customer, subject = @subject, description = @description, priority = @priority, " +
        "category = @category, status = @status, is_open = @isOpen, owner_id = @owner, team_id = @team, channel = @channel, sla_policy = @policy, " +
        "first_response_at = @firstResponse, resolved_at = @resolved, first_response_due_at = @firstResponseDue, resolution_due_at = @resolutionDue, " +
        $"escalation_level = @escalation, updated_at = @updated WHERE tenant_id = @tenant AND id = @id AND version = @version RETURNING {SupportRows.CaseColumns};";

    public async Task<SupportCase?> TryInsertCaseAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        using var command = Command(InsertCaseSql);
        SupportRows.BindCase(command, supportCase);
        try
        {
            var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
            return list.Count == 0 ? null : list[0];
        }
        catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException(CaseEntity, supportCase.Id, e);
        }
    }

    public async Task<SupportCase?> GetCaseAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
        var list = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<SupportCase?> FindCaseByOpenKeyAsync(string openKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openKey);
        using var command = Command($"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND open_key = @key;");
        command.Parameters.AddWithValue("@key", openKey);
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
            command.Parameters.AddWithValue("@customer", customer);
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddWithValue("@status", status.ToString());
        }

        if (query.OwnerId is { } owner)
        {
            sql.Append(" AND owner_id = @owner");
            command.Parameters.AddWithValue("@owner", owner);
        }

        if (query.TeamId is { } team)
        {
            sql.Append(" AND team_id = @team");
            command.Parameters.AddWithValue("@team", team);
        }

        RecordVisibilitySql.Append(sql, query.VisibleTo, "owner_id", "team_id", (n, v) => command.Parameters.AddWithValue("@" + n, v));
        if (query.OpenOnly)
        {
            sql.Append(" AND is_open = 1");
        }

        AppendAfter(command, sql, query.Page, CasePageKind, "opened_at");
        sql.Append(" ORDER BY opened_at DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        var items = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return ToPage(items, query.Page.Size, CasePageKind, c => c.OpenedAt.UtcTicks, c => c.Id);
    }

    public async Task<CustomerCases> GetCustomerCasesAsync(Guid customerId, int recentLimit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentLimit);
        // One statement: every open case plus the newest ones, both from the customer index.
        using var command = Command(
            $"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer AND (is_open = 1 OR id IN " +
            "(SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer ORDER BY opened_at DESC, id DESC LIMIT @recent)) " +
            "ORDER BY opened_at DESC, id DESC;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@recent", recentLimit);
        var all = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return new CustomerCases([.. all.Where(c => c.IsOpen)], [.. all.Take(recentLimit)]);
    }

    public async Task<SupportCase?> FindOpenCaseAsync(Guid customerId, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var command = Command(
            $"SELECT {SupportRows.CaseColumns} FROM support_cases WHERE tenant_id = @tenant AND customer_id = @customer AND is_open = 1 AND channel = @channel " +
            "ORDER BY opened_at DESC, id DESC LIMIT 1;");
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@channel", channel);
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

        using var json = new JsonColumns();
        using var command = Command(
            "SELECT owner_id, COUNT(*) FROM support_cases WHERE tenant_id = @tenant AND is_open = 1 AND owner_id IN (SELECT value FROM json_each(@owners)) GROUP BY owner_id;");
        command.Parameters.AddWithValue("@owners", json.WriteStrings([.. ownerIds]));
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
        // One statement reads and advances the counter, so two concurrent openers never get the same turn.
        using var command = Command(
            "INSERT INTO support_assignment_turns (tenant_id, team_id, next_turn) VALUES (@tenant, @team, 1) " +
            "ON CONFLICT (tenant_id, team_id) DO UPDATE SET next_turn = next_turn + 1 RETURNING next_turn - 1;");
        command.Parameters.AddWithValue("@team", teamId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> TryRecordSlaMilestoneAsync(Guid caseId, SlaMilestone milestone, DateTimeOffset firedAt, CancellationToken cancellationToken)
    {
        using var command = Command(
            "INSERT INTO support_case_milestones (tenant_id, case_id, milestone, fired_at) VALUES (@tenant, @case, @milestone, @at) ON CONFLICT DO NOTHING;");
        command.Parameters.AddWithValue("@case", caseId);
        command.Parameters.AddWithValue("@milestone", milestone.ToString());
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(firedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryInsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var command = Command(
            $"INSERT INTO support_alerts (tenant_id, {SupportRows.AlertColumns}) VALUES (@tenant, @id, @rule, @key, @customer, @case, @severity, @message, @at) " +
            "ON CONFLICT (tenant_id, occurrence_key) DO NOTHING;");
        var p = command.Parameters;
        p.AddWithValue("@id", alert.Id);
        p.AddWithValue("@rule", alert.Rule);
        p.AddWithValue("@key", alert.OccurrenceKey);
        p.AddWithValue("@customer", SqliteValues.OrNull(alert.CustomerId));
        p.AddWithValue("@case", SqliteValues.OrNull(alert.CaseId));
        p.AddWithValue("@severity", alert.Severity.ToString());
        p.AddWithValue("@message", alert.Message);
        p.AddWithValue("@at", SqliteValues.ToTicks(alert.RaisedAt));
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
            command.Parameters.AddWithValue("@customer", customer);
        }

        if (query.Rule is { } rule)
        {
            sql.Append(" AND rule = @rule");
            command.Parameters.AddWithValue("@rule", rule);
        }

        AppendAfter(command, sql, query.Page, AlertPageKind, "raised_at");
        sql.Append(" ORDER BY raised_at DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
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
        using var json = new JsonColumns();
        var tags = json.WriteStrings(article.Tags);
        using var scope = session.BeginWrite();
        long seq;
        KnowledgeArticle stored;
        if (article.Version == 0)
        {
            using var insert = Command(
                "INSERT INTO knowledge_articles (tenant_id, id, version, title, body, tags, published, created_at, updated_at) " +
                "VALUES (@tenant, @id, 1, @title, @body, @tags, @published, @created, @updated) RETURNING seq;");
            BindArticle(insert, article, tags);
            try
            {
                seq = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(ArticleEntity, article.Id, e);
            }

            stored = article with { TenantId = session.TenantId, Version = 1 };
        }
        else
        {
            using var update = Command(
                "UPDATE knowledge_articles SET version = version + 1, title = @title, body = @body, tags = @tags, published = @published, updated_at = @updated " +
                "WHERE tenant_id = @tenant AND id = @id AND version = @version RETURNING seq, created_at;");
            BindArticle(update, article, tags);
            update.Parameters.AddWithValue("@version", article.Version);
            var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            long created;
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                    var current = await GetArticleAsync(article.Id, cancellationToken).ConfigureAwait(false);
                    throw new CrmConcurrencyException(ArticleEntity, article.Id, article.Version, current?.Version);
                }

                seq = reader.GetInt64(0);
                created = reader.GetInt64(1);
            }

            stored = article with { TenantId = session.TenantId, Version = article.Version + 1, CreatedAt = SqliteValues.FromTicks(created) };
            using var unindex = Command("DELETE FROM knowledge_fts WHERE rowid = @seq;");
            unindex.Parameters.AddWithValue("@seq", seq);
            await unindex.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var index = Command("INSERT INTO knowledge_fts (rowid, title, body, tags) VALUES (@seq, @title, @body, @tags);"))
        {
            index.Parameters.AddWithValue("@seq", seq);
            index.Parameters.AddWithValue("@title", article.Title);
            index.Parameters.AddWithValue("@body", article.Body);
            index.Parameters.AddWithValue("@tags", string.Join(' ', article.Tags));
            await index.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        scope.Commit();
        return stored;
    }

    public async Task<KnowledgeArticle?> GetArticleAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {SupportRows.ArticleColumns} FROM knowledge_articles WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SupportRows.ReadArticle(reader, session.TenantId) : null;
        }
    }

    public async Task<bool> DeleteArticleAsync(Guid id, CancellationToken cancellationToken)
    {
        using var scope = session.BeginWrite();
        using var command = Command(
            "DELETE FROM knowledge_fts WHERE rowid = (SELECT seq FROM knowledge_articles WHERE tenant_id = @tenant AND id = @id);");
        command.Parameters.AddWithValue("@id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using var delete = Command("DELETE FROM knowledge_articles WHERE tenant_id = @tenant AND id = @id;");
        delete.Parameters.AddWithValue("@id", id);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        scope.Commit();
        return deleted;
    }

    public async Task<IReadOnlyList<KnowledgeSearchHit>> SearchArticlesAsync(IReadOnlyList<string> terms, KnowledgeSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(search);
        if (terms.Count == 0 || search.Limit <= 0)
        {
            return [];
        }

        // Terms are letters and digits only (the caller splits them); quoting makes each a plain FTS5 string anyway.
        var match = string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        var sql = new StringBuilder(
            $"SELECT a.{SupportRows.ArticleColumns.Replace(", ", ", a.", StringComparison.Ordinal)}, {Bm25} AS rank FROM knowledge_fts " +
            "JOIN knowledge_articles a ON a.seq = knowledge_fts.rowid WHERE knowledge_fts MATCH @match AND a.tenant_id = @tenant");
        using var command = Command("");
        command.Parameters.AddWithValue("@match", match);
        if (search.PublishedOnly)
        {
            sql.Append(" AND a.published = 1");
        }

        if (search.Tag is { } tag)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = @tag)");
            command.Parameters.AddWithValue("@tag", tag);
        }

        sql.Append(" ORDER BY rank, a.seq LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", search.Limit);
        var hits = new List<KnowledgeSearchHit>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // bm25 is lower-is-better and negative; negate it so higher is better, like ts_rank.
                hits.Add(new KnowledgeSearchHit(SupportRows.ReadArticle(reader, session.TenantId), -reader.GetDouble(8)));
            }
        }

        return hits;
    }

    public async Task<long> RepointCustomerAsync(Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
    {
        using var scope = session.BeginWrite();
        using var cases = Command("UPDATE support_cases SET customer_id = @survivor, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @merged;");
        cases.Parameters.AddWithValue("@survivor", survivorId);
        cases.Parameters.AddWithValue("@merged", mergedId);
        long moved = await cases.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using var alerts = Command("UPDATE support_alerts SET customer_id = @survivor WHERE tenant_id = @tenant AND customer_id = @merged;");
        alerts.Parameters.AddWithValue("@survivor", survivorId);
        alerts.Parameters.AddWithValue("@merged", mergedId);
        await alerts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        scope.Commit();
        return moved;
    }

    private static void AppendAfter(SqliteCommand command, StringBuilder sql, PageRequest page, byte kind, string column)
    {
        if (page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, kind);
            sql.Append(CultureInfo.InvariantCulture, $" AND ({column}, id) < (@afterKey, @afterId)");
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
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

    private static void BindArticle(SqliteCommand command, KnowledgeArticle article, string tags)
    {
        var p = command.Parameters;
        p.AddWithValue("@id", article.Id);
        p.AddWithValue("@title", article.Title);
        p.AddWithValue("@body", article.Body);
        p.AddWithValue("@tags", tags);
        p.AddWithValue("@published", article.Published ? 1 : 0);
        p.AddWithValue("@created", SqliteValues.ToTicks(article.CreatedAt));
        p.AddWithValue("@updated", SqliteValues.ToTicks(article.UpdatedAt));
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }

    private async Task<List<SupportCase>> ReadCasesAsync(SqliteCommand command, CancellationToken cancellationToken)
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
