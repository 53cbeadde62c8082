using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Engine.AspNetCore.Health;

/// <summary>Adds the CRM health checks to the host's health checks.</summary>
public static class CrmHealthChecksBuilderExtensions
{
    /// <summary>The tag every CRM health check carries.</summary>
    public const string Tag = "crm";

    /// <summary>
    /// Adds <c>crm-storage</c> (unhealthy when the storage does not answer), <c>crm-outbox</c> (degraded on a backlog)
    /// and <c>crm-plugins</c> (degraded when a plugin is not healthy; plugins are isolated, so the host still serves).
    /// Map them with the host's <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Changes the thresholds.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCrmEngineChecks(this IHealthChecksBuilder builder, Action<CrmHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<CrmHealthCheckOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.ProbeTenantId), "CrmHealthCheckOptions.ProbeTenantId is required.")
            .Validate(o => o.MaxOutboxLag > TimeSpan.Zero, "CrmHealthCheckOptions.MaxOutboxLag must be positive.")
            .Validate(o => o.MaxPendingMessages >= 0, "CrmHealthCheckOptions.MaxPendingMessages must not be negative.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder
            .AddCheck<CrmStorageHealthCheck>("crm-storage", HealthStatus.Unhealthy, [Tag])
            .AddCheck<CrmOutboxHealthCheck>("crm-outbox", HealthStatus.Degraded, [Tag])
            .AddCheck<CrmPluginHealthCheck>("crm-plugins", HealthStatus.Degraded, [Tag]);
    }
}
