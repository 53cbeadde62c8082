using System.Text.Json;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine;

/// <summary>Finds duplicates and merges customers for one caller.</summary>
internal sealed class DuplicateService(CrmEngine engine, CrmCaller caller, CustomerService customers) : IDuplicateService
{
    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(DuplicateDetectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        options ??= DuplicateDetectionOptions.Default;
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.customer.duplicates");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var keys = new List<CustomerMatchKeys>();
        await foreach (var key in session.Merges.ReadMatchKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        return DuplicateDetector.Find(keys, options);
    }

    public async Task<MergeResult> MergeAsync(Guid survivorId, Guid mergedId, MergeOptions? options = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite);
        if (survivorId == mergedId)
        {
            throw new CrmValidationException("mergedId", $"'{mergedId}' is the survivor itself; pick two different customers.", "distinct");
        }

        options ??= MergeOptions.Default;
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.customer.merge");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Customer before;
        Customer stored;
        MergeRecord record;
        await using (transaction.ConfigureAwait(false))
        {
            before = await session.Customers.GetAsync(survivorId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), survivorId);
            var merged = await session.Customers.GetAsync(mergedId, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), mergedId);
            var (candidate, sources) = CustomerMerger.Merge(before, merged, options);
            var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
            var errors = new ValidationErrors("survivor.");
            var prepared = customers.PrepareInto(candidate, now, definitions, errors);
            errors.ThrowIfAny(nameof(Customer));

            var (interactions, purchases) = await session.Merges.RepointAsync(mergedId, survivorId, cancellationToken).ConfigureAwait(false);
            var moved = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var participant in engine.Services.GetServices<IMergeParticipant>())
            {
                moved[participant.Name] = await participant.RepointAsync(session, survivorId, mergedId, cancellationToken).ConfigureAwait(false);
            }

            // Delete first so the merged customer's addresses are free before the survivor takes them over.
            await session.Customers.DeleteAsync(mergedId, merged.Version, cancellationToken).ConfigureAwait(false);
            stored = await session.Customers.UpdateAsync(prepared with { UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            record = new MergeRecord(Guid.CreateVersion7(now), survivorId, mergedId, now, caller.UserId)
            {
                InteractionsMoved = interactions,
                PurchasesMoved = purchases,
                ParticipantsMoved = moved,
                FieldSources = sources,
                MergedSnapshotJson = JsonSerializer.Serialize(CustomerJson.ToDocument(merged), CustomerJson.Options),
            };
            await session.Merges.InsertRecordAsync(record, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await engine.Events.PublishAsync(new CustomerDeleted(mergedId) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new CustomerUpdated(before, stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        await engine.Events.PublishAsync(new CustomerMerged(survivorId, mergedId, record.Id) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return new MergeResult(engine.Access.Mask(caller, stored)!, engine.Access.MaskSnapshot(caller, record));
    }

    public async Task<IReadOnlyList<MergeRecord>> GetMergeHistoryAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return [.. (await session.Merges.ListRecordsAsync(customerId, cancellationToken).ConfigureAwait(false)).Select(r => engine.Access.MaskSnapshot(caller, r))];
    }
}
