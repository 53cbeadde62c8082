using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore.Health;

/// <summary>Outbox backlog: how long the oldest due message waits (all tenants) and how many are pending (listed tenants).</summary>
internal sealed class CrmOutboxHealthCheck(ICrmEngine engine, IStorageProvider storage, TimeProvider time, IOptions<CrmHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        DateTimeOffset? nextDue;
        try
        {
            nextDue = await storage.GetNextOutboxDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return HealthCheckResult.Healthy($"The storage provider '{storage.Name}' has no outbox.");
        }

        if (nextDue is { } due)
        {
            var lag = now - due;
            data["oldestDueAt"] = due;
            data["lagSeconds"] = Math.Max(0, lag.TotalSeconds);
            if (lag > settings.MaxOutboxLag)
            {
                problems.Add($"the oldest due message has waited {lag.TotalSeconds:F0}s (limit {settings.MaxOutboxLag.TotalSeconds:F0}s)");
            }
        }

        foreach (var tenant in settings.OutboxTenants)
        {
            // One page one larger than the limit says "over the limit" without counting a huge backlog.
            var query = new OutboxQuery { Status = OutboxStatus.Pending, Page = new PageRequest(Math.Min(settings.MaxPendingMessages + 1, PageRequest.MaxSize)) };
            var page = await engine.ForCaller(CrmCaller.System(tenant)).Messages.ListAsync(query, cancellationToken).ConfigureAwait(false);
            data[$"pending:{tenant}"] = page.Items.Count;
            if (page.Items.Count > settings.MaxPendingMessages)
            {
                problems.Add($"tenant '{tenant}' has more than {settings.MaxPendingMessages} pending messages");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("The outbox keeps up.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, "Outbox backlog: " + string.Join("; ", problems) + ".", data: data);
    }
}
