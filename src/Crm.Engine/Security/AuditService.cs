using Crm.Engine.Storage;

namespace Crm.Engine.Security;

/// <summary>Reads the caller's tenant's audit log, masking sensitive values unless the caller may read them.</summary>
internal sealed class AuditService(CrmEngine engine, CrmCaller caller) : IAuditService
{
    public Task<Page<AuditRecord>> ForRecordAsync(string recordType, string recordId, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordType);
        ArgumentNullException.ThrowIfNull(recordId);
        return QueryAsync(new AuditQuery { RecordType = recordType, RecordId = recordId, Page = page ?? new PageRequest() }, cancellationToken);
    }

    public Task<Page<AuditRecord>> ForActorAsync(string actor, PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return QueryAsync(new AuditQuery { Actor = actor, Page = page ?? new PageRequest() }, cancellationToken);
    }

    private async Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        engine.Access.Demand(caller, CrmPermissions.AuditRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var sessionScope = session.ConfigureAwait(false);
        var page = await session.Audit.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return engine.Access.MayReadSensitive(caller)
            ? page
            : page with { Items = [.. page.Items.Select(r => AuditTrail.Mask(r, (ICollection<string>)engine.Access.SensitiveAttributes))] };
    }
}
