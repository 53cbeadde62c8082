namespace Crm.Engine.AspNetCore.Health;

/// <summary>Thresholds of the CRM health checks.</summary>
public sealed class CrmHealthCheckOptions
{
    /// <summary>Gets or sets the tenant the storage check reads from (a count; nothing is written). Default <c>health</c>.</summary>
    public string ProbeTenantId { get; set; } = "health";

    /// <summary>
    /// Gets or sets how long the oldest due outbox message may wait before the outbox is reported degraded: a dispatcher
    /// that is stopped or cannot keep up shows here. Default five minutes.
    /// </summary>
    public TimeSpan MaxOutboxLag { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many pending messages a tenant in <see cref="OutboxTenants"/> may hold before the outbox is reported degraded. Default 1,000.</summary>
    public int MaxPendingMessages { get; set; } = 1_000;

    /// <summary>Gets the tenants whose pending outbox messages are counted (the lag check covers all tenants).</summary>
    public IList<string> OutboxTenants { get; } = [];
}
