using System.Globalization;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using CsvHelper;

namespace Crm.Engine;

/// <content>Row parsing, upserts and batching of imports.</content>
internal sealed partial class CsvTransferService
{
    private async Task ImportCustomersAsync(IStorageSession session, CsvReader reader, ImportRun run, CancellationToken cancellationToken)
    {
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var typed = definitions.ToDictionary(d => d.Key, StringComparer.Ordinal);
        var columns = new CsvColumns(run.Header, run.Options.ColumnMap, CustomerFields);
        // A tenant without customers needs no lookups: only keys repeated inside the file can collide.
        var fresh = await session.Customers.CountAsync(new StorageQuery(), cancellationToken).ConfigureAwait(false) == 0;
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var inserts = new List<(long Row, string[] Raw, Customer Customer)>();
        var updates = new List<(long Row, string[] Raw, Customer Customer)>();
        var befores = new List<Customer>();
        var now = engine.Time.GetUtcNow();
        var ids = new ImportIdGenerator(now);
        using var audit = new ImportAudit(caller, now);
        var batch = new CustomerBatch(session, ImportAudit.Enabled ? TryGetAuditStore(session) : null, audit, inserts, updates, befores);

        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = run.NextRow();
            var errors = new ValidationErrors();
            var externalId = Cell(reader, columns, "externalId");
            var emails = Split(Cell(reader, columns, "emails"), run.Options.ListSeparator);
            var email = emails.Length > 0 ? ContactFormats.NormalizeEmail(emails[0]) : null;
            string? key = run.Options.UpsertKey switch
            {
                UpsertKey.ExternalId => externalId is null ? null : "x:" + externalId.Trim(),
                UpsertKey.Email => email is null ? null : "e:" + email,
                _ => externalId is not null ? "x:" + externalId.Trim() : email is not null ? "e:" + email : null,
            };
            if (key is not null && !seenKeys.Add(key))
            {
                var field = key[0] == 'x' ? "externalId" : "emails";
                run.Reject(reader, row, [new ImportRowError(row, columns.ColumnOf(field), field, $"'{key[2..]}' appeared in an earlier row of this file; each customer may appear once.", "duplicateInFile")]);
                continue;
            }

            Customer? existing = null;
            if (!fresh && key is not null)
            {
                existing = key[0] == 'x'
                    ? await session.Customers.FindByExternalIdAsync(key[2..], cancellationToken).ConfigureAwait(false)
                    : await session.Customers.FindByEmailAsync(key[2..], cancellationToken).ConfigureAwait(false);
            }

            var candidate = ApplyRow(reader, columns, existing ?? new Customer(), typed, run.Options.ListSeparator, errors);
            if (candidate.Id == Guid.Empty)
            {
                // A new customer: an identifier that sorts after the previous row's, so inserts append to the indexes.
                candidate = candidate with { Id = ids.Next() };
            }

            var prepared = errors.Count == 0 ? customers.PrepareInto(candidate, now, definitions, errors) : candidate;
            if (errors.Count > 0)
            {
                run.Reject(reader, row, errors.Items.Select(e => new ImportRowError(row, columns.ColumnOf(e.Path), e.Path, e.Message, e.Rule)).ToList());
                continue;
            }

            if (existing is null)
            {
                inserts.Add((row, reader.Parser.Record ?? [], prepared with { CreatedAt = now, UpdatedAt = now, Version = 0 }));
            }
            else
            {
                updates.Add((row, reader.Parser.Record ?? [], prepared with { CreatedAt = existing.CreatedAt, UpdatedAt = now, Version = existing.Version }));
                befores.Add(existing);
            }

            if (inserts.Count + updates.Count >= run.Options.BatchSize)
            {
                await FlushCustomersAsync(batch, run, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushCustomersAsync(batch, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a batch in one transaction: the new customers, the updated ones and an audit record of each, so a batch's
    /// rows and their audit records are stored together or not at all.
    /// </summary>
    private static async Task FlushCustomersAsync(CustomerBatch batch, ImportRun run, CancellationToken cancellationToken)
    {
        var (session, store, audit, inserts, updates, befores) = batch;
        if (inserts.Count + updates.Count == 0)
        {
            return;
        }

        try
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Customers.BulkInsertAsync(inserts.Select(i => i.Customer), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < updates.Count; i++)
                {
                    await session.Customers.UpdateAsync(updates[i].Customer, cancellationToken).ConfigureAwait(false);
                }

                if (store is not null)
                {
                    var records = new List<AuditRecord>(inserts.Count + updates.Count);
                    foreach (var insert in inserts)
                    {
                        records.Add(audit.Created(insert.Customer));
                    }

                    for (var i = 0; i < updates.Count; i++)
                    {
                        records.Add(audit.Updated(befores[i], updates[i].Customer));
                    }

                    await store.AppendAsync(records, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            run.Inserted += inserts.Count;
            run.Updated += updates.Count;
        }
        catch (CrmException)
        {
            // One row the database refused (a concurrent change, an id that exists): write row by row to isolate it,
            // each row with its audit record in a transaction of its own.
            foreach (var (row, raw, customer) in inserts)
            {
                await RowByRowAsync(session, run, row, raw, () => session.Customers.InsertAsync(customer, cancellationToken), () => audit.Created(customer), store, inserted: true, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < updates.Count; i++)
            {
                var (row, raw, customer) = updates[i];
                var before = befores[i];
                await RowByRowAsync(session, run, row, raw, () => session.Customers.UpdateAsync(customer, cancellationToken), () => audit.Updated(before, customer), store, inserted: false, cancellationToken).ConfigureAwait(false);
            }
        }

        inserts.Clear();
        updates.Clear();
        befores.Clear();
        run.Report();
    }

    private static async Task RowByRowAsync(IStorageSession session, ImportRun run, long row, string[] raw, Func<Task<Customer>> write, Func<AuditRecord> record, IAuditStore? store, bool inserted, CancellationToken cancellationToken)
    {
        try
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await write().ConfigureAwait(false);
                if (store is not null)
                {
                    await store.AppendAsync([record()], cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (inserted)
            {
                run.Inserted++;
            }
            else
            {
                run.Updated++;
            }
        }
        catch (CrmException e)
        {
            run.Reject(raw, row, [new ImportRowError(row, null, "", e.Message, e.GetType().Name)]);
        }
    }

    /// <summary>The audit store of the session, or <see langword="null"/> when the storage provider keeps no audit log.</summary>
    private static IAuditStore? TryGetAuditStore(IStorageSession session)
    {
        try
        {
            return session.Audit;
        }
        catch (NotSupportedException)
        {
            return null; // the audit trail logs the missing audit log once; imports follow the same provider choice
        }
    }

    /// <summary>The pending rows of a customer import and where they go.</summary>
    private sealed record CustomerBatch(
        IStorageSession Session,
        IAuditStore? Store,
        ImportAudit Audit,
        List<(long Row, string[] Raw, Customer Customer)> Inserts,
        List<(long Row, string[] Raw, Customer Customer)> Updates,
        List<Customer> Befores);

    private delegate T? RowReader<T>(CsvReader reader, CsvColumns columns, Guid customerId, ImportRun run, ValidationErrors errors);

    private static async Task ImportRelatedAsync<T>(IStorageSession session, CsvReader reader, ImportRun run, string[] fields, RowReader<T> read, Func<IReadOnlyList<T>, CancellationToken, Task<int>> import, CancellationToken cancellationToken)
        where T : class
    {
        var columns = new CsvColumns(run.Header, run.Options.ColumnMap, fields);
        var customerIds = new Dictionary<string, Guid?>(StringComparer.Ordinal);
        var batch = new List<(long Row, string[] Raw, T Item)>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = run.NextRow();
            var errors = new ValidationErrors();
            var externalId = Cell(reader, columns, "customerExternalId");
            var email = Cell(reader, columns, "customerEmail") is { } e ? ContactFormats.NormalizeEmail(e) : null;
            var key = externalId is not null && run.Options.UpsertKey != UpsertKey.Email ? "x:" + externalId.Trim()
                : email is not null && run.Options.UpsertKey != UpsertKey.ExternalId ? "e:" + email : null;
            if (key is null)
            {
                run.Reject(reader, row, [new ImportRowError(row, columns.ColumnOf("customerExternalId") ?? columns.ColumnOf("customerEmail"), "customer", "the row names no customer; fill customerExternalId or customerEmail.", "required")]);
                continue;
            }

            if (!customerIds.TryGetValue(key, out var customerId))
            {
                var customer = key[0] == 'x'
                    ? await session.Customers.FindByExternalIdAsync(key[2..], cancellationToken).ConfigureAwait(false)
                    : await session.Customers.FindByEmailAsync(key[2..], cancellationToken).ConfigureAwait(false);
                customerIds[key] = customerId = customer?.Id;
            }

            if (customerId is null)
            {
                var field = key[0] == 'x' ? "customerExternalId" : "customerEmail";
                run.Reject(reader, row, [new ImportRowError(row, columns.ColumnOf(field), field, $"no customer has '{key[2..]}'; import the customers first.", "customerNotFound")]);
                continue;
            }

            var item = read(reader, columns, customerId.Value, run, errors);
            if (item is null || errors.Count > 0)
            {
                run.Reject(reader, row, errors.Items.Select(x => new ImportRowError(row, columns.ColumnOf(x.Path), x.Path, x.Message, x.Rule)).ToList());
                continue;
            }

            batch.Add((row, reader.Parser.Record ?? [], item));
            if (batch.Count >= run.Options.BatchSize)
            {
                await FlushRelatedAsync(batch, columns, run, import, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushRelatedAsync(batch, columns, run, import, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Imports a batch through the service (all or nothing); rows its validation rejects are removed and the rest retried.</summary>
    private static async Task FlushRelatedAsync<T>(List<(long Row, string[] Raw, T Item)> batch, CsvColumns columns, ImportRun run, Func<IReadOnlyList<T>, CancellationToken, Task<int>> import, CancellationToken cancellationToken)
    {
        while (batch.Count > 0)
        {
            try
            {
                run.Inserted += await import(batch.Select(b => b.Item).ToList(), cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
            catch (CrmValidationException e)
            {
                var bad = new SortedDictionary<int, List<ImportRowError>>();
                foreach (var error in e.Errors)
                {
                    var close = error.Path.IndexOf(']', StringComparison.Ordinal);
                    if (error.Path.StartsWith('[') && close > 1 && int.TryParse(error.Path.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < batch.Count)
                    {
                        var field = error.Path[(close + 1)..].TrimStart('.');
                        if (!bad.TryGetValue(index, out var list))
                        {
                            bad[index] = list = [];
                        }

                        list.Add(new ImportRowError(batch[index].Row, columns.ColumnOf(field), field, error.Message, error.Rule));
                    }
                }

                if (bad.Count == 0)
                {
                    throw;
                }

                foreach (var (index, errors) in bad.Reverse())
                {
                    run.Reject(batch[index].Raw, batch[index].Row, errors);
                    batch.RemoveAt(index);
                }
            }
        }

        run.Report();
    }

    private static Interaction? ReadInteraction(CsvReader reader, CsvColumns columns, Guid customerId, ImportRun run, ValidationErrors errors)
    {
        var direction = InteractionDirection.Inbound;
        if (Cell(reader, columns, "direction") is { } text && !Enum.TryParse(text.Trim(), ignoreCase: true, out direction))
        {
            errors.Add("direction", $"'{text}' is not a direction; expected Inbound, Outbound or Internal.", "enum");
        }

        var occurredAt = ParseInstant(Cell(reader, columns, "occurredAt"), "occurredAt", errors, required: true);
        return errors.Count > 0 ? null : new Interaction
        {
            CustomerId = customerId,
            Channel = Cell(reader, columns, "channel") ?? "",
            Direction = direction,
            OccurredAt = occurredAt ?? default,
            Subject = Cell(reader, columns, "subject"),
            Body = Cell(reader, columns, "body"),
            ExternalId = Cell(reader, columns, "externalId"),
        };
    }

    private static Purchase? ReadPurchase(CsvReader reader, CsvColumns columns, Guid customerId, ImportRun run, ValidationErrors errors)
    {
        var purchasedAt = ParseInstant(Cell(reader, columns, "purchasedAt"), "purchasedAt", errors, required: true);
        var quantity = ParseNumber(Cell(reader, columns, "quantity"), "quantity", errors) ?? 1;
        var unitPrice = ParseNumber(Cell(reader, columns, "unitPrice"), "unitPrice", errors);
        var discount = ParseNumber(Cell(reader, columns, "discount"), "discount", errors) ?? 0;
        if (unitPrice is null && errors.Count == 0)
        {
            errors.Add("unitPrice", "is required.", "required");
        }

        return errors.Count > 0 ? null : new Purchase
        {
            CustomerId = customerId,
            OrderNumber = Cell(reader, columns, "orderNumber"),
            PurchasedAt = purchasedAt ?? default,
            Currency = Cell(reader, columns, "currency") ?? "",
            Channel = Cell(reader, columns, "channel"),
            Lines = [new PurchaseLine(Cell(reader, columns, "sku") ?? "", Cell(reader, columns, "productName") ?? "", quantity, unitPrice!.Value) { Category = Cell(reader, columns, "category"), Discount = discount }],
        };
    }

    private static Customer ApplyRow(CsvReader reader, CsvColumns columns, Customer target, Dictionary<string, CustomFieldDefinition> typed, char separator, ValidationErrors errors)
    {
        var d = target.Demographics;
        if (Cell(reader, columns, "id") is { } idText)
        {
            if (Guid.TryParse(idText, out var id))
            {
                target = target.Id == Guid.Empty ? target with { Id = id } : target;
            }
            else
            {
                errors.Add("id", $"'{idText}' is not a GUID.", "guid");
            }
        }

        if (Cell(reader, columns, "birthDate") is { } birth)
        {
            if (DateOnly.TryParseExact(birth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                d = d with { BirthDate = date };
            }
            else
            {
                errors.Add("birthDate", $"'{birth}' is not a date; expected yyyy-MM-dd.", "date");
            }
        }

        var stage = target.LifecycleStage;
        if (Cell(reader, columns, "lifecycleStage") is { } stageText && !Enum.TryParse(stageText.Trim(), ignoreCase: true, out stage))
        {
            errors.Add("lifecycleStage", $"'{stageText}' is not a lifecycle stage; expected one of {string.Join(", ", Enum.GetNames<LifecycleStage>())}.", "enum");
        }

        var attributes = new Dictionary<string, AttributeValue>(target.Attributes, StringComparer.Ordinal);
        if (Cell(reader, columns, "attributes") is { } json)
        {
            ReadAttributesJson(json, attributes, errors);
        }

        foreach (var (field, index) in columns.AttributeColumns)
        {
            var cell = index < reader.Parser.Count ? reader.Parser[index] : "";
            if (string.IsNullOrWhiteSpace(cell))
            {
                continue;
            }

            var key = field[FieldCatalog.AttributePrefix.Length..];
            if (ParseAttribute(cell.Trim(), typed.TryGetValue(key, out var definition) ? definition.Type : CustomFieldType.String, field, errors) is { } value)
            {
                attributes[key] = value;
            }
        }

        return target with
        {
            ExternalId = Cell(reader, columns, "externalId") ?? target.ExternalId,
            FirstName = Cell(reader, columns, "firstName") ?? target.FirstName,
            LastName = Cell(reader, columns, "lastName") ?? target.LastName,
            Company = Cell(reader, columns, "company") ?? target.Company,
            Emails = Cell(reader, columns, "emails") is { } emails ? Merge(Split(emails, separator), target.Emails) : target.Emails,
            Phones = Cell(reader, columns, "phones") is { } phones ? Merge(Split(phones, separator), target.Phones) : target.Phones,
            Tags = Cell(reader, columns, "tags") is { } tags ? Merge(Split(tags, separator), target.Tags) : target.Tags,
            OwnerId = Cell(reader, columns, "ownerId") ?? target.OwnerId,
            LifecycleStage = stage,
            Attributes = attributes,
            Demographics = d with
            {
                Gender = Cell(reader, columns, "gender") ?? d.Gender,
                City = Cell(reader, columns, "city") ?? d.City,
                Region = Cell(reader, columns, "region") ?? d.Region,
                Country = Cell(reader, columns, "country") ?? d.Country,
                PostalCode = Cell(reader, columns, "postalCode") ?? d.PostalCode,
                IncomeBand = Cell(reader, columns, "incomeBand") ?? d.IncomeBand,
            },
        };
    }

    // The file's values come first (the first address in the file becomes the primary one); stored extras are kept.
    private static string[] Merge(string[] fromFile, IReadOnlyList<string> stored) =>
        stored.Count == 0 ? fromFile : [.. fromFile.Concat(stored).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static AttributeValue? ParseAttribute(string cell, CustomFieldType type, string field, ValidationErrors errors)
    {
        switch (type)
        {
            case CustomFieldType.Number or CustomFieldType.Decimal:
                if (decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                errors.Add(field, $"'{cell}' is not a number; use '.' as the decimal separator.", "number");
                return null;
            case CustomFieldType.Date:
                if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                errors.Add(field, $"'{cell}' is not a date; expected yyyy-MM-dd.", "date");
                return null;
            case CustomFieldType.Boolean:
                switch (cell.ToLowerInvariant())
                {
                    case "true" or "yes" or "1":
                        return true;
                    case "false" or "no" or "0":
                        return false;
                    default:
                        errors.Add(field, $"'{cell}' is not a boolean; expected true/false, yes/no or 1/0.", "boolean");
                        return null;
                }

            default:
                return cell;
        }
    }

    private static void ReadAttributesJson(string json, Dictionary<string, AttributeValue> attributes, ValidationErrors errors)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                attributes[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Number => property.Value.GetDecimal(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => property.Value.ToString(),
                };
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            errors.Add("attributes", $"is not a JSON object of attribute values: {e.Message}", "json");
        }
    }

    private static DateTimeOffset? ParseInstant(string? text, string field, ValidationErrors errors, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add(field, "is required.", "required");
            }

            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(field, $"'{text}' is not a date-time; expected ISO 8601 such as 2026-01-31T09:00:00Z.", "dateTime");
        return null;
    }

    private static decimal? ParseNumber(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, $"'{text}' is not a number; use '.' as the decimal separator.", "number");
        return null;
    }

    private static string? Cell(CsvReader reader, CsvColumns columns, string field)
    {
        var index = columns.IndexOf(field);
        if (index < 0 || index >= reader.Parser.Count)
        {
            return null;
        }

        var value = reader.Parser[index];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static string[] Split(string? value, char separator) =>
        value is null ? [] : value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
