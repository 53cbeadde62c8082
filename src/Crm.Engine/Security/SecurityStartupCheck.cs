namespace Crm.Engine.Security;

/// <summary>Validates the security options when the engine starts (not at the first denied call) and warns when nothing is enforced.</summary>
internal sealed class SecurityStartupCheck(CrmAccessControl access, Microsoft.Extensions.Logging.ILogger<SecurityStartupCheck> logger) : ICrmEngineComponent
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!access.Enforced)
        {
            SecurityLog.NotEnforced(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
