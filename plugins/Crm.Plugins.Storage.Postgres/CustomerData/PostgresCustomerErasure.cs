using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>
/// Runs the statements of an erasure, table by table, in one round trip, for the erased customer and every customer
/// merged into it (at any depth: their rows were re-pointed, but audit records, merge snapshots and deliveries written
/// before the merge keep the old id). The decision per table is documented in docs/customer-data.md ("What erasure does
/// to each table").
/// </summary>
/// <remarks>
/// Table-driven: a table that holds a customer's personal data adds one line to <see cref="Statements"/>, and is then
/// vacuumed by the purge too. Tables holding only ids and numbers (RFM scores, loyalty accounts, campaign recipients and
/// events, stage history, per-customer summaries) need no line: the anonymous aggregates are computed from them.
/// Parameters: <c>@tenant</c>; <c>@ids</c> the customer ids (uuid[]); <c>@needles</c> the ids as text and the
/// addresses in lower case (text[]); <c>@idTexts</c>, <c>@addresses</c> and <c>@names</c> the three parts of it (names
/// in lower case, as written and as JSON escapes them).
/// </remarks>
internal sealed class PostgresCustomerErasure(PostgresStorageSession session)
{
    /// <summary>The statements, in this order, in the erasure's transaction. The first two's row counts go to the log.</summary>
    internal static readonly IReadOnlyList<(string Table, string? Sql)> Statements =
    [
        ("interactions",
            "UPDATE interactions SET version = version + 1, subject = NULL, body = NULL, external_id = NULL, metadata = '{}' WHERE tenant_id = @tenant AND customer_id = ANY(@ids);"),
        ("merge_records",
            "UPDATE merge_records SET merged_snapshot = NULL WHERE tenant_id = @tenant AND (survivor_id = ANY(@ids) OR merged_id = ANY(@ids)) AND merged_snapshot IS NOT NULL;"),
        ("customers",
            "UPDATE customers SET version = version + 1, external_id = NULL, first_name = '', last_name = '', company = NULL, email_keys = '{}', " +
            "emails = '{}', phones = '{}', birth_date = NULL, gender = NULL, city = NULL, region = NULL, postal_code = NULL, income_band = NULL, " +
            "owner_id = NULL, tags = '{}', attributes = '{}', attribute_kinds = NULL WHERE tenant_id = @tenant AND id = ANY(@ids);"),
        // Records without the customer's id in a column, found by record type and id (the entity type names the audit
        // trail writes); run before anything below changes the rows they are found through.
        ("audit_log",
            "UPDATE audit_log SET changes = '[]' WHERE tenant_id = @tenant AND changes <> '[]' AND (customer_id = ANY(@ids) OR (record_type, record_id) IN (" +
            "SELECT 'Customer', i::text FROM unnest(@ids) i UNION ALL SELECT 'LeadProfile', i::text FROM unnest(@ids) i " +
            "UNION ALL SELECT 'Deal', id::text FROM sales_deals WHERE tenant_id = @tenant AND customer_id = ANY(@ids) " +
            "UNION ALL SELECT 'Quote', id::text FROM sales_quotes WHERE tenant_id = @tenant AND customer_id = ANY(@ids) " +
            "UNION ALL SELECT 'Order', id::text FROM sales_orders WHERE tenant_id = @tenant AND customer_id = ANY(@ids) " +
            "UNION ALL SELECT 'SupportCase', id::text FROM support_cases WHERE tenant_id = @tenant AND customer_id = ANY(@ids) " +
            "UNION ALL SELECT 'WorkflowInstance', id::text FROM workflow_instances WHERE tenant_id = @tenant AND (entity_id = ANY(@ids) " +
            "OR entity_id IN (SELECT id FROM sales_deals WHERE tenant_id = @tenant AND customer_id = ANY(@ids)) " +
            "OR entity_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = ANY(@ids)))));"),
        // Provider message ids can embed an address, like the interactions' external ids cleared above.
        ("inbound_receipts",
            "DELETE FROM inbound_receipts WHERE tenant_id = @tenant AND interaction_id IN (SELECT id FROM interactions WHERE tenant_id = @tenant AND customer_id = ANY(@ids));"),
        // Rendered messages hold the address, the name and whatever the template put in; attempts go with them (ON DELETE
        // CASCADE). Messages without a customer go when they hold an address, or the customer's id together with a name:
        // outbound webhook deliveries carry events as JSON, and a customerUpdated one holds the profile, while a
        // customerMerged or customerErased one holds ids only and stays.
        ("outbox_messages",
            "DELETE FROM outbox_messages WHERE tenant_id = @tenant AND (customer_id = ANY(@ids) OR (customer_id IS NULL AND (" +
            "EXISTS (SELECT 1 FROM unnest(@addresses) a WHERE lower(recipient) = a OR strpos(lower(text_body), a) > 0 OR strpos(lower(coalesce(html_body, '')), a) > 0 OR strpos(lower(headers::text), a) > 0) " +
            "OR (EXISTS (SELECT 1 FROM unnest(@idTexts) i WHERE strpos(lower(text_body), i) > 0 OR strpos(lower(coalesce(html_body, '')), i) > 0 OR strpos(lower(headers::text), i) > 0) " +
            "AND EXISTS (SELECT 1 FROM unnest(@names) n WHERE strpos(lower(text_body), n) > 0 OR strpos(lower(coalesce(html_body, '')), n) > 0 OR strpos(lower(headers::text), n) > 0)))));"),
        ("outbox_attempts", null), // deleted with their messages (ON DELETE CASCADE); listed for the purge
        // A reminder's note names the person; it would otherwise run after the erasure and write the note back.
        ("scheduled_jobs", "DELETE FROM scheduled_jobs WHERE tenant_id = @tenant AND EXISTS (SELECT 1 FROM unnest(@needles) n WHERE strpos(lower(payload), n) > 0);"),
        ("suppressed_addresses", "DELETE FROM suppressed_addresses WHERE tenant_id = @tenant AND lower(address) = ANY(@addresses);"),
        ("support_cases", "UPDATE support_cases SET version = version + 1, subject = '', description = NULL WHERE tenant_id = @tenant AND customer_id = ANY(@ids);"),
        ("support_alerts",
            "UPDATE support_alerts SET message = '' WHERE tenant_id = @tenant AND message <> '' AND (customer_id = ANY(@ids) OR case_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = ANY(@ids)));"),
        ("survey_responses", "UPDATE survey_responses SET answers = '[]' WHERE tenant_id = @tenant AND customer_id = ANY(@ids);"),
        // A lead is the customer record itself (same id); its profile holds only the BANT need as free text.
        ("sales_leads",
            "UPDATE sales_leads SET version = version + 1, doc = jsonb_set(doc, '{bant,need}', 'null') WHERE tenant_id = @tenant AND id = ANY(@ids) AND doc ? 'bant';"),
        ("sales_deals",
            "UPDATE sales_deals SET version = version + 1, doc = doc || jsonb_build_object('name', '', 'lostReason', NULL) WHERE tenant_id = @tenant AND customer_id = ANY(@ids);"),
        // Line product names are free text (a quote can name the person); the SKU stands in, so per-product figures keep working.
        ("sales_quotes",
            "UPDATE sales_quotes SET version = version + 1, doc = jsonb_set(doc, '{lines}', coalesce((SELECT jsonb_agg(l || jsonb_build_object('productName', l -> 'sku') ORDER BY o) " +
            "FROM jsonb_array_elements(doc -> 'lines') WITH ORDINALITY AS x(l, o)), '[]')) WHERE tenant_id = @tenant AND customer_id = ANY(@ids);"),
        ("purchase_lines",
            "UPDATE purchase_lines SET product_name = sku WHERE tenant_id = @tenant AND product_name <> sku AND purchase_id IN (SELECT id FROM purchases WHERE tenant_id = @tenant AND customer_id = ANY(@ids));"),
        ("consents", "UPDATE consents SET source = 'erased' WHERE tenant_id = @tenant AND customer_id = ANY(@ids) AND source <> 'erased';"),
        // The one update the ledger's trigger allows (schema step 25): the reason is emptied, points and times stay.
        ("loyalty_ledger", "UPDATE loyalty_ledger SET reason = '' WHERE tenant_id = @tenant AND customer_id = ANY(@ids) AND reason <> '';"),
        ("workflow_history",
            "UPDATE workflow_history SET payload = NULL WHERE tenant_id = @tenant AND payload IS NOT NULL AND instance_id IN (SELECT id FROM workflow_instances WHERE tenant_id = @tenant AND (entity_id = ANY(@ids) " +
            "OR entity_id IN (SELECT id FROM sales_deals WHERE tenant_id = @tenant AND customer_id = ANY(@ids)) OR entity_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = ANY(@ids)) " +
            "OR entity_id IN (SELECT id FROM sales_quotes WHERE tenant_id = @tenant AND customer_id = ANY(@ids))));"),
    ];

    /// <summary>Every table an erasure rewrites or deletes from: what the purge vacuums.</summary>
    internal static IReadOnlyList<string> Tables { get; } = [.. Statements.Select(s => s.Table).Distinct(StringComparer.Ordinal)];

    /// <summary>Counts what the erasure log records.</summary>
    internal readonly record struct Counts(long Interactions, long Purchases, long MergeSnapshots);

    /// <summary>Erases <paramref name="customerId"/> and the customers merged into it; the caller owns the transaction.</summary>
    public async Task<Counts> RunAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var ids = await ReadTextAsync(
            "WITH RECURSIVE erased(id) AS (SELECT @id UNION SELECT m.merged_id FROM merge_records m JOIN erased e ON m.survivor_id = e.id WHERE m.tenant_id = @tenant) SELECT id::text FROM erased;",
            [customerId], cancellationToken).ConfigureAwait(false);
        var idValues = ids.Select(Guid.Parse).ToArray();
        var addresses = (await ReadTextAsync(
            "SELECT unnest(emails) FROM customers WHERE tenant_id = @tenant AND id = ANY(@ids) " +
            "UNION ALL SELECT unnest(phones) FROM customers WHERE tenant_id = @tenant AND id = ANY(@ids) " +
            "UNION ALL SELECT recipient FROM outbox_messages WHERE tenant_id = @tenant AND customer_id = ANY(@ids) " +
            "UNION ALL SELECT jsonb_array_elements_text(merged_snapshot::jsonb -> 'emails') FROM merge_records WHERE tenant_id = @tenant AND merged_id = ANY(@ids) AND merged_snapshot IS NOT NULL " +
            "UNION ALL SELECT jsonb_array_elements_text(merged_snapshot::jsonb -> 'phones') FROM merge_records WHERE tenant_id = @tenant AND merged_id = ANY(@ids) AND merged_snapshot IS NOT NULL;",
            idValues, cancellationToken).ConfigureAwait(false))
            .Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length >= 3).Distinct(StringComparer.Ordinal).ToArray();
        var names = (await ReadTextAsync(
            "SELECT first_name FROM customers WHERE tenant_id = @tenant AND id = ANY(@ids) UNION ALL SELECT last_name FROM customers WHERE tenant_id = @tenant AND id = ANY(@ids) " +
            "UNION ALL SELECT merged_snapshot::jsonb ->> 'firstName' FROM merge_records WHERE tenant_id = @tenant AND merged_id = ANY(@ids) AND merged_snapshot IS NOT NULL " +
            "UNION ALL SELECT merged_snapshot::jsonb ->> 'lastName' FROM merge_records WHERE tenant_id = @tenant AND merged_id = ANY(@ids) AND merged_snapshot IS NOT NULL;",
            idValues, cancellationToken).ConfigureAwait(false))
            .Select(n => n.Trim()).Where(n => n.Length >= 2)
            .SelectMany(n => new[] { n.ToLowerInvariant(), System.Text.Json.JsonEncodedText.Encode(n).ToString().ToLowerInvariant() })
            .Distinct(StringComparer.Ordinal).ToArray();
        var parts = new Parts(idValues, [.. ids], addresses, names);

        using var batch = session.CreateBatch();
        foreach (var (_, sql) in Statements)
        {
            if (sql is not null)
            {
                batch.BatchCommands.Add(Statement(sql, parts));
            }
        }

        batch.BatchCommands.Add(Statement("SELECT COUNT(*) FROM purchases WHERE tenant_id = @tenant AND customer_id = ANY(@ids);", parts));
        long purchases = 0;
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                purchases = reader.GetInt64(0);
            }
        }

        return new Counts(batch.BatchCommands[0].RecordsAffected, purchases, batch.BatchCommands[1].RecordsAffected);
    }

    private NpgsqlBatchCommand Statement(string sql, Parts parts)
    {
        var statement = new NpgsqlBatchCommand(sql);
        statement.Parameters.AddText("tenant", session.TenantId);
        if (sql.Contains("@ids", StringComparison.Ordinal))
        {
            statement.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = parts.Ids });
        }

        foreach (var (name, values) in new[] { ("idTexts", parts.IdTexts), ("addresses", parts.Addresses), ("names", parts.Names), ("needles", parts.IdTexts.Concat(parts.Addresses).ToArray()) })
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                statement.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values });
            }
        }

        return statement;
    }

    /// <summary>What the statements look for: the customer ids, as uuids and as text, the addresses and the names.</summary>
    private sealed record Parts(Guid[] Ids, string[] IdTexts, string[] Addresses, string[] Names);

    private async Task<List<string>> ReadTextAsync(string sql, Guid[] ids, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        if (sql.Contains("@ids", StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        }
        else
        {
            command.Parameters.AddUuid("id", ids[0]);
        }

        var result = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(0))
                {
                    result.Add(reader.GetString(0));
                }
            }
        }

        return result;
    }
}
