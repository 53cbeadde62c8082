using System.Diagnostics;
using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Engine;

/// <summary>Implements customer operations for one caller on top of the storage provider.</summary>
internal sealed class CustomerService(CrmEngine engine, CrmCaller caller) : ICustomerService
{
    private const string Entity = nameof(Customer);
    private readonly ILogger _logger = engine.CreateLogger(typeof(CustomerService).FullName!);

    public async Task<Customer> CreateAsync(Customer customer, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite);
        ArgumentNullException.ThrowIfNull(customer);
        using var activity = StartActivity("crm.customer.create");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var prepared = Prepare(customer, now, definitions) with { CreatedAt = now, UpdatedAt = now, Version = 0 };
        var stored = await session.Customers.InsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        Written(stored.Id, "created");
        await PublishAsync(new CustomerCreated(stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return engine.Access.Mask(caller, stored)!;
    }

    public async Task<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite);
        ArgumentNullException.ThrowIfNull(customer);
        using var activity = StartActivity("crm.customer.update");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var prepared = Prepare(customer, now, definitions);
        var before = await session.Customers.GetAsync(prepared.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmConcurrencyException(Entity, prepared.Id, prepared.Version, null);
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite, Security.RecordOwnerships.Of(before));
        var stored = await session.Customers.UpdateAsync(engine.Access.KeepMasked(caller, prepared, before) with { CreatedAt = before.CreatedAt, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        Written(stored.Id, "updated");
        await PublishAsync(new CustomerUpdated(before, stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return engine.Access.Mask(caller, stored)!;
    }

    public async Task<Customer?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return engine.Access.MaskReadable(caller, await session.Customers.GetAsync(id, cancellationToken).ConfigureAwait(false));
    }

    public async Task<Customer?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return engine.Access.MaskReadable(caller, await session.Customers.FindByEmailAsync(ContactFormats.NormalizeEmail(email), cancellationToken).ConfigureAwait(false));
    }

    public async Task DeleteAsync(Guid id, long expectedVersion, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersDelete);
        using var activity = StartActivity("crm.customer.delete");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.DeleteAsync(id, expectedVersion, cancellationToken).ConfigureAwait(false);
        }

        Written(id, "deleted");
        await PublishAsync(new CustomerDeleted(id) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<Customer>> SearchAsync(Condition? filter, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        using var activity = StartActivity("crm.customer.search");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await BuildQueryAsync(session, engine.Access.Filter(caller, filter), page, cancellationToken).ConfigureAwait(false);
        return engine.Access.Mask(caller, await session.Customers.QueryAsync(query, cancellationToken).ConfigureAwait(false));
    }

    public Task<Page<Customer>> SearchAsync(string conditionJson, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conditionJson);
        return SearchAsync(ConditionParser.Parse(conditionJson, CrmFields.Customer, "condition"), page, cancellationToken);
    }

    public async Task<long> CountAsync(Condition? filter, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersRead);
        using var activity = StartActivity("crm.customer.count");
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var query = await BuildQueryAsync(session, engine.Access.Filter(caller, filter), null, cancellationToken).ConfigureAwait(false);
        return await session.Customers.CountAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ImportAsync(IEnumerable<Customer> customers, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.CustomersWrite);
        ArgumentNullException.ThrowIfNull(customers);
        using var activity = StartActivity("crm.customer.import");
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var prepared = ImportPreparation.Prepare(customers, engine.Options.MaxReportedImportErrors, Entity,
            (customer, errors) => PrepareInto(customer, now, definitions, errors) with { CreatedAt = now, UpdatedAt = now, Version = 0 });
        var count = await session.Customers.BulkInsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordsWritten.Add(count, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", "imported"));
        EngineLog.Imported(_logger, count, Entity, caller.TenantId);
        return count;
    }

    private async Task<StorageQuery> BuildQueryAsync(IStorageSession session, Condition? filter, PageRequest? page, CancellationToken cancellationToken)
    {
        var request = PageRequests.Resolve(engine.Options, page);
        var asOf = engine.Time.GetUtcNow();
        Condition? bound = null;
        if (filter is not null)
        {
            var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
            bound = definitions.Count == 0
                ? ConditionBinder.Bind(filter, CrmFields.Customer)
                : TenantConditions.Bind(filter, SegmentFields.Build(definitions, includeRfm: false), definitions, asOf);
        }

        return new StorageQuery { Filter = bound, AsOf = asOf, Page = request };
    }

    private Customer Prepare(Customer customer, DateTimeOffset now, IReadOnlyList<CustomFieldDefinition> definitions)
    {
        var errors = new ValidationErrors();
        var prepared = PrepareInto(customer, now, definitions, errors);
        errors.ThrowIfAny(Entity);
        return prepared;
    }

    /// <summary>Normalizes (E.164 phones, canonical enum values) and validates a customer, including its custom fields.</summary>
    internal Customer PrepareInto(Customer customer, DateTimeOffset now, IReadOnlyList<CustomFieldDefinition> definitions, ValidationErrors errors)
    {
        TenantGuard.Check(caller, customer.TenantId);
        var normalized = CustomerValidator.Normalize(customer, engine.Options.DefaultPhoneRegion);
        if (customer.Id == Guid.Empty || !string.Equals(customer.TenantId, caller.TenantId, StringComparison.Ordinal))
        {
            normalized = normalized with { Id = customer.Id == Guid.Empty ? Guid.CreateVersion7(now) : customer.Id, TenantId = caller.TenantId };
        }

        CustomerValidator.Validate(normalized, now, errors);
        var attributes = CustomFieldRules.Validate(normalized.Attributes, definitions, errors);
        return ReferenceEquals(attributes, normalized.Attributes) ? normalized : normalized with { Attributes = attributes };
    }

    private void Written(Guid id, string operation)
    {
        EngineMetrics.RecordsWritten.Add(1, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", operation));
        EngineLog.RecordWritten(_logger, Entity, id, operation, caller.TenantId);
    }

    private Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken) =>
        engine.Events.PublishAsync(crmEvent, cancellationToken);

    private Activity? StartActivity(string name)
    {
        var activity = CrmDiagnostics.ActivitySource.StartActivity(name);
        activity?.SetTag("crm.tenant", caller.TenantId);
        return activity;
    }
}
