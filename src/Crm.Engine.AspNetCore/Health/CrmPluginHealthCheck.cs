using Crm.Engine.Plugins;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Engine.AspNetCore.Health;

/// <summary>Plugin health as the plugin host tracks it; healthy when no plugin host is registered.</summary>
internal sealed class CrmPluginHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IPluginCatalog)) is not IPluginCatalog catalog)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No plugin host is registered."));
        }

        var plugins = catalog.GetPlugins();
        var data = plugins.ToDictionary(p => p.Id, p => (object)p.Health.ToString(), StringComparer.Ordinal);
        var failing = plugins.Where(p => p.Health != PluginHealth.Healthy).Select(p => $"'{p.Id}' is {p.Health}").ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy($"{plugins.Count} plugin(s) healthy.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, "Plugins: " + string.Join(", ", failing) + ".", data: data));
    }
}
