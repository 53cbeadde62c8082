using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Engine;

/// <summary>Implements purchase recording and history for one caller.</summary>
internal sealed class PurchaseService(CrmEngine engine, CrmCaller caller) : IPurchaseService
{
    private const string Entity = nameof(Purchase);
    private readonly ILogger _logger = engine.CreateLogger(typeof(PurchaseService).FullName!);

    public async Task<Purchase> RecordAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.PurchasesWrite);
        ArgumentNullException.ThrowIfNull(purchase);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.purchase.record");
        var now = engine.Time.GetUtcNow();
        var errors = new ValidationErrors();
        var prepared = Prepare(purchase, now, errors);
        errors.ThrowIfAny(Entity);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        _ = await session.Customers.GetAsync(prepared.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), prepared.CustomerId);
        var stored = await session.Purchases.InsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordsWritten.Add(1, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", "recorded"));
        EngineLog.RecordWritten(_logger, Entity, stored.Id, "recorded", caller.TenantId);
        await engine.Events.PublishAsync(new PurchaseRecorded(stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<Purchase>> ListAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.PurchasesRead);
        var request = PageRequests.Resolve(engine.Options, page);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Purchases.ListByCustomerAsync(customerId, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ImportAsync(IEnumerable<Purchase> purchases, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.PurchasesWrite);
        ArgumentNullException.ThrowIfNull(purchases);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.purchase.import");
        var now = engine.Time.GetUtcNow();
        var prepared = ImportPreparation.Prepare(purchases, engine.Options.MaxReportedImportErrors, Entity, (item, errors) => Prepare(item, now, errors));
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var count = await session.Purchases.BulkInsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordsWritten.Add(count, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", "imported"));
        EngineLog.Imported(_logger, count, Entity, caller.TenantId);
        return count;
    }

    private Purchase Prepare(Purchase purchase, DateTimeOffset now, ValidationErrors errors)
    {
        TenantGuard.Check(caller, purchase.TenantId);
        var prepared = purchase with
        {
            Id = purchase.Id == Guid.Empty ? Guid.CreateVersion7(now) : purchase.Id,
            TenantId = caller.TenantId,
            Currency = purchase.Currency?.Trim().ToUpperInvariant() ?? "",
            Lines = purchase.Lines ?? [],
            CreatedAt = now,
            Version = 0,
        };
        PurchaseValidator.Validate(prepared, errors);
        return prepared;
    }
}
