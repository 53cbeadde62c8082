namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>
/// Runs the statements of an erasure, table by table, for the erased customer and every customer merged into it (at any
/// depth: their rows were re-pointed, but audit records, merge snapshots and deliveries written before the merge keep
/// the old id). The decision per table is documented in docs/customer-data.md ("What erasure does to each table").
/// </summary>
/// <remarks>
/// Table-driven: a table that holds a customer's personal data by customer id adds one line to <see cref="PerCustomer"/>.
/// Tables holding only ids and numbers (RFM scores, loyalty accounts, campaign recipients and events, stage history,
/// per-customer summaries) need no line: they are what the anonymous aggregates are computed from.
/// </remarks>
internal sealed class SqliteCustomerErasure(SqliteStorageSession session)
{
    /// <summary>The statements run once per erased customer id (<c>@id</c>), in this order, in the erasure's transaction.</summary>
    internal static readonly IReadOnlyList<(string Table, string Sql)> PerCustomer =
    [
        ("customers",
            "UPDATE customers SET version = version + 1, external_id = NULL, first_name = '', last_name = '', company = NULL, email = NULL, emails = '[]', " +
            "phone = NULL, phones = '[]', birth_date = NULL, gender = NULL, city = NULL, region = NULL, postal_code = NULL, income_band = NULL, " +
            "owner_id = NULL, tags = '[]', attributes = '{}', attribute_kinds = NULL WHERE tenant_id = @tenant AND id = @id;"),
        ("customer_emails", "DELETE FROM customer_emails WHERE tenant_id = @tenant AND customer_id = @id;"),
        ("interactions",
            "UPDATE interactions SET version = version + 1, subject = NULL, body = NULL, external_id = NULL, metadata = '{}' WHERE tenant_id = @tenant AND customer_id = @id;"),
        // Provider message ids can embed an address, like the interactions' external ids cleared above.
        ("inbound_receipts",
            "DELETE FROM inbound_receipts WHERE tenant_id = @tenant AND interaction_id IN (SELECT id FROM interactions WHERE tenant_id = @tenant AND customer_id = @id);"),
        // Rendered messages hold the address, the name and whatever the template put in; attempts hold provider ids.
        ("outbox_attempts",
            "DELETE FROM outbox_attempts WHERE tenant_id = @tenant AND message_id IN (SELECT id FROM outbox_messages WHERE tenant_id = @tenant AND customer_id = @id);"),
        ("outbox_messages", "DELETE FROM outbox_messages WHERE tenant_id = @tenant AND customer_id = @id;"),
        ("support_cases", "UPDATE support_cases SET version = version + 1, subject = '', description = NULL WHERE tenant_id = @tenant AND customer_id = @id;"),
        ("support_alerts",
            "UPDATE support_alerts SET message = '' WHERE tenant_id = @tenant AND (customer_id = @id OR case_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @id));"),
        ("survey_responses", "UPDATE survey_responses SET answers = '[]' WHERE tenant_id = @tenant AND customer_id = @id;"),
        ("merge_records",
            "UPDATE merge_records SET merged_snapshot = NULL WHERE tenant_id = @tenant AND (survivor_id = @id OR merged_id = @id) AND merged_snapshot IS NOT NULL;"),
        // A lead is the customer record itself (same id); its profile holds only the BANT need as free text.
        ("sales_leads", "UPDATE sales_leads SET version = version + 1, doc = json_set(doc, '$.bant.need', NULL) WHERE tenant_id = @tenant AND id = @id;"),
        ("sales_deals",
            "UPDATE sales_deals SET version = version + 1, doc = json_set(doc, '$.name', '', '$.lostReason', NULL) WHERE tenant_id = @tenant AND customer_id = @id;"),
        // Line product names are free text (a quote can name the person); the SKU stands in, so per-product figures keep working.
        ("sales_quotes",
            "UPDATE sales_quotes SET version = version + 1, doc = json_set(doc, '$.lines', json((SELECT json_group_array(json_set(value, '$.productName', json_extract(value, '$.sku'))) " +
            "FROM json_each(doc, '$.lines')))) WHERE tenant_id = @tenant AND customer_id = @id;"),
        ("purchase_lines",
            "UPDATE purchase_lines SET product_name = sku WHERE tenant_id = @tenant AND product_name <> sku AND purchase_id IN (SELECT id FROM purchases WHERE tenant_id = @tenant AND customer_id = @id);"),
        ("consents", "UPDATE consents SET source = 'erased' WHERE tenant_id = @tenant AND customer_id = @id;"),
        // The one update the ledger's trigger allows (schema step 25): the reason is emptied, points and times stay.
        ("loyalty_ledger", "UPDATE loyalty_ledger SET reason = '' WHERE tenant_id = @tenant AND customer_id = @id AND reason <> '';"),
        ("workflow_history",
            "UPDATE workflow_history SET payload = NULL WHERE tenant_id = @tenant AND payload IS NOT NULL AND instance_id IN (SELECT id FROM workflow_instances WHERE tenant_id = @tenant AND (entity_id = @id " +
            "OR entity_id IN (SELECT id FROM sales_deals WHERE tenant_id = @tenant AND customer_id = @id) OR entity_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @id) " +
            "OR entity_id IN (SELECT id FROM sales_quotes WHERE tenant_id = @tenant AND customer_id = @id)));"),
        ("audit_log", "UPDATE audit_log SET changes = '[]' WHERE tenant_id = @tenant AND customer_id = @id AND changes <> '[]';"),
    ];

    /// <summary>
    /// Records whose audit entries carry no customer id (or one the merge replaced), found by record type and id: their
    /// values are emptied too. Record types are the entity type names the engine's audit trail writes.
    /// </summary>
    private const string AuditedRecordsSql =
        "SELECT 'Customer', @id UNION ALL SELECT 'LeadProfile', @id " +
        "UNION ALL SELECT 'Deal', id FROM sales_deals WHERE tenant_id = @tenant AND customer_id = @id " +
        "UNION ALL SELECT 'Quote', id FROM sales_quotes WHERE tenant_id = @tenant AND customer_id = @id " +
        "UNION ALL SELECT 'Order', id FROM sales_orders WHERE tenant_id = @tenant AND customer_id = @id " +
        "UNION ALL SELECT 'SupportCase', id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @id " +
        "UNION ALL SELECT 'WorkflowInstance', id FROM workflow_instances WHERE tenant_id = @tenant AND (entity_id = @id " +
        "OR entity_id IN (SELECT id FROM sales_deals WHERE tenant_id = @tenant AND customer_id = @id) OR entity_id IN (SELECT id FROM support_cases WHERE tenant_id = @tenant AND customer_id = @id));";

    /// <summary>Counts what the erasure log records.</summary>
    internal readonly record struct Counts(long Interactions, long Purchases, long MergeSnapshots);

    /// <summary>Erases <paramref name="customerId"/> and the customers merged into it; the caller owns the transaction.</summary>
    public async Task<Counts> RunAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var ids = await ReadGuidsAsync(
            "WITH RECURSIVE erased(id) AS (SELECT @id UNION SELECT m.merged_id FROM merge_records m JOIN erased e ON m.survivor_id = e.id WHERE m.tenant_id = @tenant) SELECT id FROM erased;",
            customerId, cancellationToken).ConfigureAwait(false);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        var audited = new List<(string Type, string Id)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            await CollectAddressesAsync(id, addresses, cancellationToken).ConfigureAwait(false);
            await CollectNamesAsync(id, names, cancellationToken).ConfigureAwait(false);
            using var records = Command(AuditedRecordsSql, id);
            var reader = await records.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    audited.Add((reader.GetString(0), reader.GetGuid(1).ToString()));
                }
            }

        }

        long interactions = 0, snapshots = 0, purchases = 0;
        foreach (var id in ids)
        {
            foreach (var (table, sql) in PerCustomer)
            {
                using var command = Command(sql, id);
                var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                interactions += table == "interactions" ? changed : 0;
                snapshots += table == "merge_records" ? changed : 0;
            }

            using var count = Command("SELECT COUNT(*) FROM purchases WHERE tenant_id = @tenant AND customer_id = @id;", id);
            purchases += (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        foreach (var (type, recordId) in audited)
        {
            using var redact = Command("UPDATE audit_log SET changes = '[]' WHERE tenant_id = @tenant AND record_type = @type AND record_id = @record AND changes <> '[]';", Guid.Empty);
            redact.Parameters.AddWithValue("@type", type);
            redact.Parameters.AddWithValue("@record", recordId);
            await redact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await EraseMentionsAsync(ids, addresses, names, cancellationToken).ConfigureAwait(false);
        return new Counts(interactions, purchases, snapshots);
    }

    /// <summary>
    /// Removes what names the person without their customer id in a column: messages with no customer that hold one of
    /// the person's addresses, or their id together with their name (outbound webhook deliveries carry events as JSON: a
    /// <c>customerUpdated</c> delivery holds the profile, a <c>customerMerged</c> or <c>customerErased</c> one only ids,
    /// and those stay); scheduled jobs whose payload names the customer id or an address (a reminder's note); suppressed
    /// addresses.
    /// </summary>
    private async Task EraseMentionsAsync(IReadOnlyList<Guid> ids, HashSet<string> addresses, HashSet<string> names, CancellationToken cancellationToken)
    {
        var idTexts = ids.Select(id => id.ToString()).ToList();
        var messages = new HashSet<Guid>();
        foreach (var needle in idTexts.Concat(addresses))
        {
            using var find = Command(
                "SELECT id, lower(recipient || ' ' || text_body || ' ' || coalesce(html_body, '') || ' ' || headers) FROM outbox_messages WHERE tenant_id = @tenant AND customer_id IS NULL " +
                "AND (lower(recipient) = @needle OR instr(lower(text_body), @needle) > 0 OR instr(lower(coalesce(html_body, '')), @needle) > 0 OR instr(lower(headers), @needle) > 0);",
                Guid.Empty);
            find.Parameters.AddWithValue("@needle", needle);
            var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var text = reader.GetString(1);
                    if (addresses.Any(a => text.Contains(a, StringComparison.Ordinal)) || names.Any(n => text.Contains(n, StringComparison.Ordinal)))
                    {
                        messages.Add(reader.GetGuid(0));
                    }
                }
            }

            using var jobs = Command("DELETE FROM scheduled_jobs WHERE tenant_id = @tenant AND instr(lower(payload), @needle) > 0;", Guid.Empty);
            jobs.Parameters.AddWithValue("@needle", needle);
            await jobs.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            using var suppressed = Command("DELETE FROM suppressed_addresses WHERE tenant_id = @tenant AND lower(address) = @needle;", Guid.Empty);
            suppressed.Parameters.AddWithValue("@needle", needle);
            await suppressed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in messages)
        {
            foreach (var sql in new[]
            {
                "DELETE FROM outbox_attempts WHERE tenant_id = @tenant AND message_id = @id;",
                "DELETE FROM outbox_messages WHERE tenant_id = @tenant AND id = @id;",
            })
            {
                using var delete = Command(sql, message);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The customer's first and last names, in lower case, as written and as JSON escapes them (bodies are often JSON).</summary>
    private async Task CollectNamesAsync(Guid id, HashSet<string> names, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT first_name FROM customers WHERE tenant_id = @tenant AND id = @id UNION SELECT last_name FROM customers WHERE tenant_id = @tenant AND id = @id " +
            "UNION SELECT json_extract(merged_snapshot, '$.firstName') FROM merge_records WHERE tenant_id = @tenant AND merged_id = @id AND merged_snapshot IS NOT NULL " +
            "UNION SELECT json_extract(merged_snapshot, '$.lastName') FROM merge_records WHERE tenant_id = @tenant AND merged_id = @id AND merged_snapshot IS NOT NULL;",
            id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(0) && reader.GetValue(0) is string name && name.Trim().Length >= 2)
                {
                    names.Add(name.Trim().ToLowerInvariant());
                    names.Add(System.Text.Json.JsonEncodedText.Encode(name.Trim()).ToString().ToLowerInvariant());
                }
            }
        }
    }

    /// <summary>The customer's addresses, in lower case, from the row, the snapshots of merges and the messages sent to it.</summary>
    private async Task CollectAddressesAsync(Guid id, HashSet<string> addresses, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT email FROM customers WHERE tenant_id = @tenant AND id = @id AND email IS NOT NULL " +
            "UNION SELECT j.value FROM customers c, json_each(c.emails) j WHERE c.tenant_id = @tenant AND c.id = @id " +
            "UNION SELECT j.value FROM customers c, json_each(c.phones) j WHERE c.tenant_id = @tenant AND c.id = @id " +
            "UNION SELECT recipient FROM outbox_messages WHERE tenant_id = @tenant AND customer_id = @id " +
            "UNION SELECT j.value FROM merge_records m, json_each(m.merged_snapshot, '$.emails') j WHERE m.tenant_id = @tenant AND m.merged_id = @id AND m.merged_snapshot IS NOT NULL " +
            "UNION SELECT j.value FROM merge_records m, json_each(m.merged_snapshot, '$.phones') j WHERE m.tenant_id = @tenant AND m.merged_id = @id AND m.merged_snapshot IS NOT NULL;",
            id);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(0) && reader.GetValue(0) is string address && address.Trim().Length >= 3)
                {
                    addresses.Add(address.Trim().ToLowerInvariant());
                }
            }
        }
    }

    private async Task<List<Guid>> ReadGuidsAsync(string sql, Guid id, CancellationToken cancellationToken)
    {
        using var command = Command(sql, id);
        var result = new List<Guid>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(reader.GetGuid(0));
            }
        }

        return result;
    }

    private Microsoft.Data.Sqlite.SqliteCommand Command(string sql, Guid id)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", id);
        return command;
    }
}
