using System.Threading.Channels;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using CsvHelper;

namespace Crm.Engine;

/// <content>
/// The customer import as a two-stage pipeline: one task parses, maps, normalizes and validates rows (and builds the
/// audit records of new customers) ahead of the caller's flow, which writes them, so on two cores the CPU-heavy
/// preparation and the database writes overlap. Batches are still committed whole, one transaction each.
/// </content>
internal sealed partial class CsvTransferService
{
    /// <summary>
    /// Rows handed from the preparing stage to the writer at a time. A batch's transaction takes its rows chunk by
    /// chunk, so the chunk's audit records and other short-lived objects die young instead of living as long as the batch.
    /// </summary>
    private const int ChunkRows = 250;

    /// <summary>
    /// Chunks prepared ahead of the writer, waiting in the channel. The writer is the slower stage, so a deeper queue
    /// only holds more rows across collections: 500-row chunks 4 deep cost 11 % more CPU than 250 rows 1 deep.
    /// </summary>
    private const int ChunksAhead = 1;

    private async Task ImportCustomersAsync(IStorageSession session, CsvReader reader, ImportRun run, CancellationToken cancellationToken)
    {
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var now = engine.Time.GetUtcNow();
        // A tenant without customers needs no lookups: only keys repeated inside the file can collide, and those the
        // preparing stage rejects itself.
        var fresh = await session.Customers.CountAsync(new StorageQuery(), cancellationToken).ConfigureAwait(false) == 0;
        var mapping = new CustomerRowMapping(
            new CsvColumns(run.Header, run.Options.ColumnMap, CustomerFields),
            definitions.ToDictionary(d => d.Key, StringComparer.Ordinal),
            definitions,
            run.Options,
            now,
            caller.TenantId);

        // The provider may tune the session for a long run of batches (SQLite checkpoints its log in the background);
        // disposed last, after the batch's transaction, so its final checkpoint covers every committed batch.
        var bulkWrite = await session.BeginBulkWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var bulkWriteScope = bulkWrite.ConfigureAwait(false);
        using var audit = new ImportAudit(caller, now);
        var store = ImportAudit.Enabled ? TryGetAuditStore(session) : null;
        var batch = new CustomerBatch(session, store, audit, (raw, id) => Reprepare(raw, id, mapping));
        await using var batchScope = batch.ConfigureAwait(false);
        // The preparing stage builds the audit records of new customers with an instance of its own (they share no buffers).
        using var createdAudit = store is null ? null : new ImportAudit(caller, now);
        // Row lists go back to the preparing stage instead of becoming garbage.
        var spareRows = new System.Collections.Concurrent.ConcurrentQueue<List<PreparedRow>>();
        var channel = Channel.CreateBounded<PreparedChunk>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var preparing = Task.Run(() => PrepareCustomersAsync(reader, mapping, createdAudit, spareRows, channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                // The channel hands out chunks it already holds without looking at the token.
                cancellationToken.ThrowIfCancellationRequested();
                var started = ImportStageTimes.Start();
                foreach (var row in chunk.Rows)
                {
                    await AcceptAsync(session, row, mapping, fresh, batch, run, cancellationToken).ConfigureAwait(false);
                }

                chunk.Rows.Clear();
                spareRows.Enqueue(chunk.Rows);
                ImportStageTimes.Stop(ref ImportStageTimes.Lookup, started);
                await WriteCustomerChunkAsync(batch, cancellationToken).ConfigureAwait(false);
                if (chunk.EndsBatch)
                {
                    run.Consumed(chunk.RowsRead, chunk.CharCount);
                    await EndCustomerBatchAsync(batch, run, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await preparing.ConfigureAwait(false);
            }
            catch (Exception preparingError) when (e is ChannelClosedException)
            {
                // The preparing stage failed (the file could not be read): its exception is the one to report.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(preparingError);
            }
            catch (Exception)
            {
                // The writer's exception is the one to report; the preparing stage only saw the cancellation it caused.
            }

            throw;
        }

        await preparing.ConfigureAwait(false);
    }

    /// <summary>
    /// Sorts one prepared row into the batch: a rejected row to the errors, a new customer to the inserts and, when
    /// the tenant already has customers, a row whose key matches a stored customer to the updates, applied onto it.
    /// </summary>
    private async Task AcceptAsync(IStorageSession session, PreparedRow row, CustomerRowMapping mapping, bool fresh, CustomerBatch batch, ImportRun run, CancellationToken cancellationToken)
    {
        Customer? existing = null;
        if (!fresh && row.Key is { } key)
        {
            existing = key.External
                ? await session.Customers.FindByExternalIdAsync(key.Value, cancellationToken).ConfigureAwait(false)
                : await session.Customers.FindByEmailAsync(key.Value, cancellationToken).ConfigureAwait(false);
        }

        if (existing is null)
        {
            if (row.Errors is { } errors)
            {
                run.Reject(row.Raw, row.Number, errors);
            }
            else
            {
                batch.Inserts.Add((row.Number, row.Raw, row.Customer!.Id));
                batch.ChunkInserts.Add(row.Customer);
                if (row.Created is { } created)
                {
                    batch.Created.Add(created);
                }
            }

            return;
        }

        // The row updates a stored customer: the file's values over the stored ones, validated as a whole.
        var validation = new ValidationErrors();
        var candidate = ApplyRow(row.Raw, mapping, existing, validation);
        var prepared = validation.Count == 0 ? customers.PrepareInto(candidate, mapping.Now, mapping.Definitions, validation) : candidate;
        if (validation.Count > 0)
        {
            run.Reject(row.Raw, row.Number, mapping.RowErrors(row.Number, validation));
            return;
        }

        batch.Updates.Add((row.Number, row.Raw, prepared with { CreatedAt = existing.CreatedAt, UpdatedAt = mapping.Now, Version = existing.Version }));
        batch.Befores.Add(existing);
    }

    /// <summary>
    /// The preparing stage: reads rows, rejects keys repeated in the file, and maps, normalizes and validates each row
    /// as a new customer; hands the rows on in chunks, marking the last chunk of each batch.
    /// </summary>
    private async Task PrepareCustomersAsync(CsvReader reader, CustomerRowMapping mapping, ImportAudit? audit, System.Collections.Concurrent.ConcurrentQueue<List<PreparedRow>> spareRows, ChannelWriter<PreparedChunk> output, CancellationToken cancellationToken)
    {
        try
        {
            var ids = new ImportIdGenerator(mapping.Now);
            var seenKeys = new SeenKeys();
            var batchSize = mapping.Options.BatchSize;
            var chunkSize = Math.Min(batchSize, ChunkRows);
            var rows = new List<PreparedRow>(chunkSize);
            long rowsRead = 0;
            var endedBatch = true;
            while (true)
            {
                var started = ImportStageTimes.Start();
                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var raw = reader.Parser.Record ?? [];
                var number = reader.Parser.Row;
                rowsRead++;
                ImportStageTimes.Stop(ref ImportStageTimes.Parse, started);
                started = ImportStageTimes.Start();
                rows.Add(PrepareRow(raw, number, mapping, ids, seenKeys, audit));
                ImportStageTimes.Stop(ref ImportStageTimes.Prepare, started);
                endedBatch = rowsRead % batchSize == 0;
                if (rows.Count >= chunkSize || endedBatch)
                {
                    await output.WriteAsync(new PreparedChunk(rows, endedBatch, rowsRead, reader.Parser.CharCount), cancellationToken).ConfigureAwait(false);
                    rows = spareRows.TryDequeue(out var spare) ? spare : new List<PreparedRow>(chunkSize);
                }
            }

            if (!endedBatch)
            {
                await output.WriteAsync(new PreparedChunk(rows, EndsBatch: true, rowsRead, reader.Parser.CharCount), cancellationToken).ConfigureAwait(false);
            }

            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    private PreparedRow PrepareRow(string[] raw, long number, CustomerRowMapping mapping, ImportIdGenerator ids, SeenKeys seenKeys, ImportAudit? audit)
    {
        var columns = mapping.Columns;
        var externalId = Cell(raw, columns, "externalId");
        var emailCell = Cell(raw, columns, "emails");
        var email = emailCell is null ? null : FirstListEntry(emailCell, mapping.Options.ListSeparator) is { } first ? ContactFormats.NormalizeEmail(first) : null;
        RowKey? key = mapping.Options.UpsertKey switch
        {
            UpsertKey.ExternalId => externalId is null ? null : new RowKey(true, externalId.Trim()),
            UpsertKey.Email => email is null ? null : new RowKey(false, email),
            _ => externalId is not null ? new RowKey(true, externalId.Trim()) : email is not null ? new RowKey(false, email) : null,
        };
        if (key is { } repeated && !seenKeys.Add(repeated))
        {
            var field = repeated.External ? "externalId" : "emails";
            return new PreparedRow(number, raw, null, null, null, [new ImportRowError(number, columns.ColumnOf(field), field, $"'{repeated.Value}' appeared in an earlier row of this file; each customer may appear once.", "duplicateInFile")]);
        }

        var errors = new ValidationErrors();
        var candidate = ApplyRow(raw, mapping, NewCustomer, errors);
        if (candidate.Id == Guid.Empty)
        {
            // A new customer: an identifier that sorts after the previous row's, so inserts append to the indexes.
            candidate = candidate with { Id = ids.Next() };
        }

        var prepared = errors.Count == 0 ? customers.PrepareInto(candidate, mapping.Now, mapping.Definitions, errors) : candidate;
        return errors.Count > 0
            ? new PreparedRow(number, raw, key, null, null, mapping.RowErrors(number, errors))
            : new PreparedRow(number, raw, key, prepared, audit?.Created(prepared), null);
    }

    /// <summary>
    /// The customer a row the preparing stage accepted becomes again, with the identifier it was given then. A batch
    /// keeps only its rows' cells until the commit, not the prepared customers (which made most of what a batch kept
    /// alive through the collections of its rows' garbage); only a batch the database refused needs them again.
    /// </summary>
    private Customer Reprepare(string[] raw, Guid id, CustomerRowMapping mapping)
    {
        var errors = new ValidationErrors();
        var candidate = ApplyRow(raw, mapping, NewCustomer, errors) with { Id = id };
        return customers.PrepareInto(candidate, mapping.Now, mapping.Definitions, errors);
    }

    /// <summary>The first non-blank entry of a list cell, trimmed, without splitting the whole cell.</summary>
    private static string? FirstListEntry(string cell, char separator)
    {
        var start = 0;
        while (start <= cell.Length)
        {
            var end = cell.IndexOf(separator, start);
            if (end < 0)
            {
                end = cell.Length;
            }

            var entry = cell.AsSpan(start, end - start).Trim();
            if (!entry.IsEmpty)
            {
                return entry.Length == cell.Length ? cell : entry.ToString();
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>A row's upsert key: its external id (<see cref="External"/>) or its primary email address.</summary>
    private readonly record struct RowKey(bool External, string Value);

    /// <summary>
    /// The keys of the file's earlier rows. They live as long as the import, so they are the cells' own strings (no
    /// prefixed copies), kept in one set per kind.
    /// </summary>
    private sealed class SeenKeys
    {
        private readonly HashSet<string> _externalIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _emails = new(StringComparer.Ordinal);

        public bool Add(RowKey key) => (key.External ? _externalIds : _emails).Add(key.Value);
    }

    /// <summary>What every row of one customer import is mapped with; read by both stages, changed by neither.</summary>
    private sealed record CustomerRowMapping(
        CsvColumns Columns,
        Dictionary<string, CustomFieldDefinition> Typed,
        IReadOnlyList<CustomFieldDefinition> Definitions,
        CsvImportOptions Options,
        DateTimeOffset Now,
        string TenantId)
    {
        public List<ImportRowError> RowErrors(long row, ValidationErrors errors)
        {
            var list = new List<ImportRowError>(errors.Count);
            foreach (var e in errors.Items)
            {
                list.Add(new ImportRowError(row, Columns.ColumnOf(e.Path), e.Path, e.Message, e.Rule));
            }

            return list;
        }
    }

    /// <summary>
    /// One row after the preparing stage: the row as a new customer (<see cref="Customer"/>, with the audit record of
    /// its creation when the import keeps one) or why it cannot be one (<see cref="Errors"/>); <see cref="Key"/> is the upsert key the writer looks up when the tenant has customers.
    /// </summary>
    private readonly record struct PreparedRow(long Number, string[] Raw, RowKey? Key, Customer? Customer, AuditRecord? Created, IReadOnlyList<ImportRowError>? Errors);

    /// <summary>
    /// Prepared rows, whether they end a batch (which the writer then commits), and how far the reader had got (rows
    /// and characters) for the progress report.
    /// </summary>
    private sealed record PreparedChunk(List<PreparedRow> Rows, bool EndsBatch, long RowsRead, long CharCount);
}
