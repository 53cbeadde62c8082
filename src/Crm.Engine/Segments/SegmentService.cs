using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine;

/// <summary>Saves and evaluates segments, and runs RFM, for one caller; evaluation happens in the storage provider.</summary>
internal sealed class SegmentService(CrmEngine engine, CrmCaller caller) : ISegmentService
{
    private const int MaxNameLength = 200;

    public async Task<SegmentDefinition> SaveAsync(SegmentDefinition segment, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsWrite);
        ArgumentNullException.ThrowIfNull(segment);
        if (string.IsNullOrWhiteSpace(segment.Name) || segment.Name.Length > MaxNameLength)
        {
            throw new CrmValidationException("name", $"a segment needs a name of 1 to {MaxNameLength} characters.", "required");
        }

        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var catalog = await CatalogAsync(session, cancellationToken).ConfigureAwait(false);
        _ = engine.Access.Filter(caller, ConditionParser.Parse(segment.ConditionJson, catalog.Catalog, "segment:" + segment.Name));
        var existing = await session.Segments.GetAsync(segment.Name, cancellationToken).ConfigureAwait(false);
        var stored = segment with { Name = segment.Name.Trim(), CreatedAt = existing?.CreatedAt ?? now, UpdatedAt = now };
        await session.Segments.UpsertAsync(stored, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<SegmentDefinition?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        ArgumentNullException.ThrowIfNull(name);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Segments.GetAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SegmentDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Segments.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsWrite);
        ArgumentNullException.ThrowIfNull(name);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Segments.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string name, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        ArgumentNullException.ThrowIfNull(name);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.segment.count");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await SavedQueryAsync(session, name, null, cancellationToken).ConfigureAwait(false);
        return await session.Segments.CountAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(Condition condition, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        ArgumentNullException.ThrowIfNull(condition);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.segment.count");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await QueryAsync(session, engine.Access.Filter(caller, condition)!, null, cancellationToken).ConfigureAwait(false);
        return await session.Segments.CountAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<Customer>> GetMembersAsync(string name, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        ArgumentNullException.ThrowIfNull(name);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await SavedQueryAsync(session, name, page, cancellationToken).ConfigureAwait(false);
        return engine.Access.Mask(caller, await session.Segments.QueryAsync(query, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Page<Customer>> GetMembersAsync(Condition condition, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        ArgumentNullException.ThrowIfNull(condition);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await QueryAsync(session, engine.Access.Filter(caller, condition)!, page, cancellationToken).ConfigureAwait(false);
        return engine.Access.Mask(caller, await session.Segments.QueryAsync(query, cancellationToken).ConfigureAwait(false));
    }

    public Task<SegmentEvaluation> EvaluateAsync(string name, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return EvaluateAsync(session => SavedQueryAsync(session, name, page, cancellationToken), cancellationToken);
    }

    public Task<SegmentEvaluation> EvaluateAsync(Condition condition, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return EvaluateAsync(session => QueryAsync(session, engine.Access.Filter(caller, condition)!, page, cancellationToken), cancellationToken);
    }

    public async Task<RfmSummary> ComputeRfmAsync(CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsWrite);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.segment.rfm");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var counts = await session.Segments.ComputeRfmAsync(now, cancellationToken).ConfigureAwait(false);
        var all = RfmSegments.All.ToDictionary(s => s, s => counts.TryGetValue(s, out var n) ? n : 0, StringComparer.Ordinal);
        return new RfmSummary(now, all.Values.Sum(), all);
    }

    public async Task<RfmScore?> GetRfmAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Segments.GetRfmAsync(customerId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SegmentEvaluation> EvaluateAsync(Func<IStorageSession, Task<StorageQuery>> buildQuery, CancellationToken cancellationToken)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.SegmentsRead);
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.segment.evaluate");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var evaluation = await session.Segments.EvaluateAsync(await buildQuery(session).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return evaluation with { Members = engine.Access.Mask(caller, evaluation.Members) };
    }

    private async Task<StorageQuery> SavedQueryAsync(IStorageSession session, string name, PageRequest? page, CancellationToken cancellationToken)
    {
        var segment = await session.Segments.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmValidationException("name", $"no segment is named '{name}'; save it first or check the name.", "notFound");
        var catalog = await CatalogAsync(session, cancellationToken).ConfigureAwait(false);
        var condition = ConditionParser.Parse(segment.ConditionJson, catalog.Catalog, "segment:" + name);
        return Query(condition, catalog, page);
    }

    private async Task<StorageQuery> QueryAsync(IStorageSession session, Condition condition, PageRequest? page, CancellationToken cancellationToken) =>
        Query(condition, await CatalogAsync(session, cancellationToken).ConfigureAwait(false), page);

    private StorageQuery Query(Condition condition, (FieldCatalog Catalog, IReadOnlyList<CustomFieldDefinition> Definitions) catalog, PageRequest? page)
    {
        var asOf = engine.Time.GetUtcNow();
        return new StorageQuery
        {
            Filter = TenantConditions.Bind(condition, catalog.Catalog, catalog.Definitions, asOf),
            AsOf = asOf,
            Page = PageRequests.Resolve(engine.Options, page),
        };
    }

    private static async Task<(FieldCatalog Catalog, IReadOnlyList<CustomFieldDefinition> Definitions)> CatalogAsync(IStorageSession session, CancellationToken cancellationToken)
    {
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        return (definitions.Count == 0 ? SegmentFields.Customer : SegmentFields.Build(definitions), definitions);
    }
}
