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
    /// <summary>
    /// Writes the rows the batch has gained since the last chunk (new customers, updated ones and an audit record of
    /// each) into the batch's transaction, which the first chunk of a batch begins. After a refusal the batch only
    /// collects its remaining rows: <see cref="EndCustomerBatchAsync"/> writes them row by row.
    /// </summary>
    private static async Task WriteCustomerChunkAsync(CustomerBatch batch, CancellationToken cancellationToken)
    {
        var (session, store, audit) = (batch.Session, batch.Store, batch.Audit);
        if (batch.Failed || (batch.Inserts.Count == batch.InsertsWritten && batch.Updates.Count == batch.UpdatesWritten))
        {
            batch.Created.Clear();
            batch.ChunkInserts.Clear();
            return;
        }

        try
        {
            var started = ImportStageTimes.Start();
            batch.Transaction ??= await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            ImportStageTimes.Stop(ref ImportStageTimes.Commit, started);
            started = ImportStageTimes.Start();
            var (inserts, updates) = (batch.Inserts, batch.Updates);
            await session.Customers.BulkInsertAsync(batch.ChunkInserts, cancellationToken).ConfigureAwait(false);
            for (var i = batch.UpdatesWritten; i < updates.Count; i++)
            {
                await session.Customers.UpdateAsync(updates[i].Customer, cancellationToken).ConfigureAwait(false);
            }

            ImportStageTimes.Stop(ref ImportStageTimes.WriteCustomers, started);
            started = ImportStageTimes.Start();
            if (store is not null)
            {
                await store.AppendAsync(audit.RecordsOf(batch.Created, updates, batch.Befores, batch.UpdatesWritten), cancellationToken).ConfigureAwait(false);
            }

            ImportStageTimes.Stop(ref ImportStageTimes.WriteAudit, started);
            batch.InsertsWritten = inserts.Count;
            batch.UpdatesWritten = updates.Count;
        }
        catch (CrmException)
        {
            batch.Failed = true;
            await batch.DisposeTransactionAsync().ConfigureAwait(false);
        }
        finally
        {
            // The chunk's new customers and their records are not needed again (the row-by-row path prepares its
            // own from the cells), so they die young instead of living as long as the batch.
            batch.Created.Clear();
            batch.ChunkInserts.Clear();
        }
    }

    /// <summary>
    /// Commits the batch's transaction, so a batch's rows and their audit records are stored together or not at all.
    /// When the database refused a row (a concurrent change, an id that exists), writes the batch row by row instead to
    /// isolate it, each row with its audit record in a transaction of its own.
    /// </summary>
    private static async Task EndCustomerBatchAsync(CustomerBatch batch, ImportRun run, CancellationToken cancellationToken)
    {
        var (session, store, audit, inserts, updates, befores) = (batch.Session, batch.Store, batch.Audit, batch.Inserts, batch.Updates, batch.Befores);
        if (inserts.Count + updates.Count == 0)
        {
            return;
        }

        if (!batch.Failed && batch.Transaction is { } transaction)
        {
            try
            {
                var started = ImportStageTimes.Start();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                ImportStageTimes.Stop(ref ImportStageTimes.Commit, started);
                run.Inserted += inserts.Count;
                run.Updated += updates.Count;
            }
            catch (CrmException)
            {
                batch.Failed = true;
            }
            finally
            {
                await batch.DisposeTransactionAsync().ConfigureAwait(false);
            }
        }

        if (batch.Failed)
        {
            foreach (var (row, raw, id) in inserts)
            {
                var customer = batch.Reprepare(raw, id);
                await RowByRowAsync(session, run, row, raw, () => session.Customers.InsertAsync(customer, cancellationToken), () => audit.Created(customer), store, inserted: true, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < updates.Count; i++)
            {
                var (row, raw, customer) = updates[i];
                var before = befores[i];
                await RowByRowAsync(session, run, row, raw, () => session.Customers.UpdateAsync(customer, cancellationToken), () => audit.Updated(before, customer), store, inserted: false, cancellationToken).ConfigureAwait(false);
            }
        }

        batch.Reset();
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

    /// <summary>The rows of the current batch of a customer import, where they go, and how far they are written.</summary>
    private sealed class CustomerBatch(IStorageSession session, IAuditStore? store, ImportAudit audit, Func<string[], Guid, Customer> reprepare) : IAsyncDisposable
    {
        public IStorageSession Session => session;

        public IAuditStore? Store => store;

        public ImportAudit Audit => audit;

        /// <summary>Prepares a new customer's row again, with the identifier it was given (for the row-by-row retry).</summary>
        public Customer Reprepare(string[] raw, Guid id) => reprepare(raw, id);

        /// <summary>Gets the new customers of the batch as their rows and identifiers, kept for a row-by-row retry.</summary>
        public List<(long Row, string[] Raw, Guid Id)> Inserts { get; } = [];

        /// <summary>Gets the new customers of the current chunk, written with it.</summary>
        public List<Customer> ChunkInserts { get; } = [];

        public List<(long Row, string[] Raw, Customer Customer)> Updates { get; } = [];

        /// <summary>Gets the stored customers the updates replace, one per update.</summary>
        public List<Customer> Befores { get; } = [];

        /// <summary>Gets the audit records of the current chunk's new customers, in the order of their inserts.</summary>
        public List<AuditRecord> Created { get; } = [];

        public int InsertsWritten { get; set; }

        public int UpdatesWritten { get; set; }

        public IStorageTransaction? Transaction { get; set; }

        /// <summary>Gets or sets whether the database refused a row of the batch (the batch then goes row by row).</summary>
        public bool Failed { get; set; }

        public async Task DisposeTransactionAsync()
        {
            if (Transaction is { } transaction)
            {
                Transaction = null;
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }

        public void Reset()
        {
            Inserts.Clear();
            ChunkInserts.Clear();
            Updates.Clear();
            Befores.Clear();
            Created.Clear();
            InsertsWritten = UpdatesWritten = 0;
            Failed = false;
        }

        public ValueTask DisposeAsync() => new(DisposeTransactionAsync());
    }

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

    /// <summary>The customer a row becomes when no stored one matches it: nothing set yet.</summary>
    private static readonly Customer NewCustomer = new();

    /// <summary>
    /// Applies a row's cells over <paramref name="target"/> (<see cref="NewCustomer"/> for a new customer, which also gets
    /// the caller's tenant and the import's time) in one copy of the record.
    /// </summary>
    private static Customer ApplyRow(string[] raw, CustomerRowMapping mapping, Customer target, ValidationErrors errors)
    {
        var columns = mapping.Columns;
        var separator = mapping.Options.ListSeparator;
        var isNew = ReferenceEquals(target, NewCustomer);
        var d = target.Demographics;
        var id = target.Id;
        if (Cell(raw, columns, "id") is { } idText)
        {
            if (Guid.TryParse(idText, out var parsed))
            {
                id = id == Guid.Empty ? parsed : id;
            }
            else
            {
                errors.Add("id", $"'{idText}' is not a GUID.", "guid");
            }
        }

        var birthDate = d.BirthDate;
        if (Cell(raw, columns, "birthDate") is { } birth)
        {
            if (DateOnly.TryParseExact(birth.AsSpan().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                birthDate = date;
            }
            else
            {
                errors.Add("birthDate", $"'{birth}' is not a date; expected yyyy-MM-dd.", "date");
            }
        }

        var stage = target.LifecycleStage;
        if (Cell(raw, columns, "lifecycleStage") is { } stageText && !Enum.TryParse(stageText.AsSpan().Trim(), ignoreCase: true, out stage))
        {
            errors.Add("lifecycleStage", $"'{stageText}' is not a lifecycle stage; expected one of {string.Join(", ", Enum.GetNames<LifecycleStage>())}.", "enum");
        }

        var attributes = target.Attributes;
        if (Cell(raw, columns, "attributes") is { } json)
        {
            var read = new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal);
            ReadAttributesJson(json, read, errors);
            attributes = read;
        }

        foreach (var (field, index) in columns.AttributeColumns)
        {
            var cell = index < raw.Length ? raw[index] : "";
            if (string.IsNullOrWhiteSpace(cell))
            {
                continue;
            }

            var key = field[FieldCatalog.AttributePrefix.Length..];
            if (ParseAttribute(cell.Trim(), mapping.Typed.TryGetValue(key, out var definition) ? definition.Type : CustomFieldType.String, field, errors) is { } value)
            {
                if (attributes is not Dictionary<string, AttributeValue> owned || ReferenceEquals(attributes, target.Attributes))
                {
                    owned = new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal);
                    attributes = owned;
                }

                owned[key] = value;
            }
        }

        var gender = Cell(raw, columns, "gender");
        var city = Cell(raw, columns, "city");
        var region = Cell(raw, columns, "region");
        var country = Cell(raw, columns, "country");
        var postalCode = Cell(raw, columns, "postalCode");
        var incomeBand = Cell(raw, columns, "incomeBand");
        var demographics = birthDate == d.BirthDate && gender is null && city is null && region is null && country is null && postalCode is null && incomeBand is null
            ? d
            : new Demographics
            {
                BirthDate = birthDate,
                Gender = gender ?? d.Gender,
                City = city ?? d.City,
                Region = region ?? d.Region,
                Country = country ?? d.Country,
                PostalCode = postalCode ?? d.PostalCode,
                IncomeBand = incomeBand ?? d.IncomeBand,
            };

        return target with
        {
            Id = id,
            TenantId = isNew ? mapping.TenantId : target.TenantId,
            CreatedAt = isNew ? mapping.Now : target.CreatedAt,
            UpdatedAt = isNew ? mapping.Now : target.UpdatedAt,
            ExternalId = Cell(raw, columns, "externalId") ?? target.ExternalId,
            FirstName = Cell(raw, columns, "firstName") ?? target.FirstName,
            LastName = Cell(raw, columns, "lastName") ?? target.LastName,
            Company = Cell(raw, columns, "company") ?? target.Company,
            Emails = Cell(raw, columns, "emails") is { } emails ? Merge(Split(emails, separator), target.Emails) : target.Emails,
            Phones = Cell(raw, columns, "phones") is { } phones ? Merge(Split(phones, separator), target.Phones) : target.Phones,
            Tags = Cell(raw, columns, "tags") is { } tags ? Merge(Split(tags, separator), target.Tags) : target.Tags,
            OwnerId = Cell(raw, columns, "ownerId") ?? target.OwnerId,
            LifecycleStage = stage,
            Attributes = attributes,
            Demographics = demographics,
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

    private static string? Cell(string[] raw, CsvColumns columns, string field)
    {
        var index = columns.IndexOf(field);
        if (index < 0 || index >= raw.Length)
        {
            return null;
        }

        var value = raw[index];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static string[] Split(string? value, char separator) =>
        value is null ? [] : value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
