using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.Engine.AspNetCore.Health;

/// <summary>Storage reachable: the engine initializes and answers a count query.</summary>
internal sealed class CrmStorageHealthCheck(ICrmEngine engine, IOptions<CrmHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var crm = engine.ForCaller(CrmCaller.System(options.Value.ProbeTenantId));
            _ = await crm.Customers.CountAsync(null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The storage answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The storage does not answer: {e.Message}", e);
        }
    }
}
