using System.Globalization;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace Crm.Engine;

/// <summary>
/// Imports and exports CSV with CsvHelper for one caller: rows are parsed and validated one by one, good rows are
/// written per batch in one transaction, bad rows go to the errors and the reject file.
/// </summary>
internal sealed partial class CsvTransferService(CrmEngine engine, CrmCaller caller, CustomerService customers) : ICsvTransferService
{
    private static readonly string[] CustomerFields =
    [
        "id", "externalId", "firstName", "lastName", "company", "emails", "phones", "birthDate", "gender", "city", "region", "country",
        "postalCode", "incomeBand", "lifecycleStage", "ownerId", "tags", "attributes",
    ];

    private static readonly string[] InteractionFields =
        ["customerExternalId", "customerEmail", "channel", "direction", "occurredAt", "subject", "body", "externalId"];

    private static readonly string[] PurchaseFields =
        ["customerExternalId", "customerEmail", "orderNumber", "purchasedAt", "currency", "channel", "sku", "productName", "category", "quantity", "unitPrice", "discount"];

    public async Task<ImportResult> ImportAsync(ImportKind kind, TextReader csv, CsvImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, kind switch { ImportKind.Interactions => Security.CrmPermissions.InteractionsWrite, ImportKind.Purchases => Security.CrmPermissions.PurchasesWrite, _ => Security.CrmPermissions.CustomersWrite });
        ArgumentNullException.ThrowIfNull(csv);
        options ??= new CsvImportOptions();
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "The batch size must be at least 1.");
        }

        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.csv.import");
        using var reader = new CsvReader(csv, Configuration(options));
        if (!await reader.ReadAsync().ConfigureAwait(false) || !reader.ReadHeader())
        {
            return new ImportResult(0, 0, 0, 0, []);
        }

        var header = reader.HeaderRecord ?? [];
        using var run = new ImportRun(options, header, progress, reader);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            switch (kind)
            {
                case ImportKind.Customers:
                    await ImportCustomersAsync(session, reader, run, cancellationToken).ConfigureAwait(false);
                    break;
                case ImportKind.Interactions:
                    await ImportRelatedAsync(session, reader, run, InteractionFields, ReadInteraction, (items, ct) => engine.ForCaller(caller).Interactions.ImportAsync(items, ct), cancellationToken).ConfigureAwait(false);
                    break;
                case ImportKind.Purchases:
                    await ImportRelatedAsync(session, reader, run, PurchaseFields, ReadPurchase, (items, ct) => engine.ForCaller(caller).Purchases.ImportAsync(items, ct), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown import kind.");
            }
        }

        run.Report();
        return run.Result();
    }

    public async Task<long> ExportCustomersAsync(TextWriter output, Condition? filter = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        engine.Access.Filter(caller, filter);
        ArgumentNullException.ThrowIfNull(output);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.csv.export");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var typedKeys = definitions.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var asOf = engine.Time.GetUtcNow();
        var bound = filter is null ? null
            : definitions.Count == 0 ? ConditionBinder.Bind(filter, CrmFields.Customer)
            : TenantConditions.Bind(filter, SegmentFields.Build(definitions, includeRfm: false), definitions, asOf);

        var writer = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture), leaveOpen: true);
        await using var writerScope = writer.ConfigureAwait(false);
        foreach (var field in CustomerFields.Concat(["createdAt", "updatedAt"]).Concat(definitions.Select(d => FieldCatalog.AttributePrefix + d.Key)))
        {
            writer.WriteField(field);
        }

        await writer.NextRecordAsync().ConfigureAwait(false);
        long written = 0;
        var query = new StorageQuery { Filter = bound, AsOf = asOf, Page = new PageRequest(2_000) };
        while (true)
        {
            var page = await session.Customers.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var c in page.Items)
            {
                WriteCustomer(writer, engine.Access.Mask(caller, c)!, definitions, typedKeys);
                await writer.NextRecordAsync().ConfigureAwait(false);
                written++;
            }

            progress?.Report(new ImportProgress(written, 0, 0, 0, 0));
            if (page.ContinuationToken is null)
            {
                break;
            }

            query = query with { Page = query.Page with { ContinuationToken = page.ContinuationToken } };
        }

        await writer.FlushAsync().ConfigureAwait(false);
        return written;
    }

    private static CsvConfiguration Configuration(CsvImportOptions options) => new(CultureInfo.InvariantCulture)
    {
        Delimiter = options.Delimiter,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectColumnCountChanges = false,
        TrimOptions = TrimOptions.None,
    };

    private static void WriteCustomer(CsvWriter writer, Customer c, IReadOnlyList<CustomFieldDefinition> definitions, HashSet<string> typedKeys)
    {
        var d = c.Demographics;
        writer.WriteField(c.Id.ToString());
        writer.WriteField(c.ExternalId);
        writer.WriteField(c.FirstName);
        writer.WriteField(c.LastName);
        writer.WriteField(c.Company);
        writer.WriteField(string.Join(';', c.Emails));
        writer.WriteField(string.Join(';', c.Phones));
        writer.WriteField(d.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteField(d.Gender);
        writer.WriteField(d.City);
        writer.WriteField(d.Region);
        writer.WriteField(d.Country);
        writer.WriteField(d.PostalCode);
        writer.WriteField(d.IncomeBand);
        writer.WriteField(c.LifecycleStage.ToString());
        writer.WriteField(c.OwnerId);
        writer.WriteField(string.Join(';', c.Tags));
        var untyped = c.Attributes.Where(a => !typedKeys.Contains(a.Key)).ToList();
        writer.WriteField(untyped.Count == 0 ? "" : AttributesJson(untyped));
        writer.WriteField(c.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteField(c.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
        foreach (var definition in definitions)
        {
            writer.WriteField(c.Attributes.TryGetValue(definition.Key, out var value) ? value.ToString() : "");
        }
    }

    private static string AttributesJson(List<KeyValuePair<string, AttributeValue>> attributes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                switch (value.Kind)
                {
                    case AttributeKind.Number:
                        json.WriteNumber(key, value.AsNumber());
                        break;
                    case AttributeKind.Boolean:
                        json.WriteBoolean(key, value.AsBoolean());
                        break;
                    default:
                        json.WriteString(key, value.ToString());
                        break;
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
