using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Engine;

/// <summary>Implements interaction recording and timelines for one caller.</summary>
internal sealed class InteractionService(CrmEngine engine, CrmCaller caller) : IInteractionService
{
    private const string Entity = nameof(Interaction);
    private readonly ILogger _logger = engine.CreateLogger(typeof(InteractionService).FullName!);

    public async Task<Interaction> RecordAsync(Interaction interaction, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.InteractionsWrite);
        ArgumentNullException.ThrowIfNull(interaction);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.interaction.record");
        var now = engine.Time.GetUtcNow();
        var errors = new ValidationErrors();
        var prepared = Prepare(interaction, now, errors);
        errors.ThrowIfAny(Entity);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        _ = await session.Customers.GetAsync(prepared.CustomerId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Customer), prepared.CustomerId);
        var stored = await session.Interactions.InsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordsWritten.Add(1, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", "recorded"));
        EngineLog.RecordWritten(_logger, Entity, stored.Id, "recorded", caller.TenantId);
        await engine.Events.PublishAsync(new InteractionRecorded(stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = caller.UserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Page<Interaction>> GetTimelineAsync(Guid customerId, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.InteractionsRead);
        var request = PageRequests.Resolve(engine.Options, page);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        return await session.Interactions.GetTimelineAsync(customerId, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ImportAsync(IEnumerable<Interaction> interactions, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, Security.CrmPermissions.InteractionsWrite);
        ArgumentNullException.ThrowIfNull(interactions);
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.interaction.import");
        var now = engine.Time.GetUtcNow();
        var prepared = ImportPreparation.Prepare(interactions, engine.Options.MaxReportedImportErrors, Entity, (item, errors) => Prepare(item, now, errors));
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var count = await session.Interactions.BulkInsertAsync(prepared, cancellationToken).ConfigureAwait(false);
        EngineMetrics.RecordsWritten.Add(count, new KeyValuePair<string, object?>("entity", Entity), new KeyValuePair<string, object?>("operation", "imported"));
        EngineLog.Imported(_logger, count, Entity, caller.TenantId);
        return count;
    }

    private Interaction Prepare(Interaction interaction, DateTimeOffset now, ValidationErrors errors)
    {
        TenantGuard.Check(caller, interaction.TenantId);
        var prepared = interaction with
        {
            Id = interaction.Id == Guid.Empty ? Guid.CreateVersion7(now) : interaction.Id,
            TenantId = caller.TenantId,
            CreatedAt = now,
            Version = 0,
        };
        InteractionValidator.Validate(prepared, errors);
        return prepared;
    }
}
