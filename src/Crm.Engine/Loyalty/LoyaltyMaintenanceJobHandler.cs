using Crm.Engine.Scheduling;

namespace Crm.Engine.Loyalty;

/// <summary>
/// Runs <c>crm.loyalty.maintain</c> jobs: expires due points and reviews due tiers for every account of the job's
/// tenant. Schedule it once per tenant as a recurring job (see docs/loyalty.md); a tenant without a program is skipped.
/// </summary>
internal sealed class LoyaltyMaintenanceJobHandler : IScheduledJobHandler
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "crm.loyalty.maintain";

    public string Kind => JobKind;

    public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ILoyaltyService loyalty;
        try
        {
            loyalty = context.Crm.Loyalty;
        }
        catch (NotSupportedException)
        {
            return; // no program installed (yet): nothing to expire
        }

        await loyalty.MaintainDueAsync(cancellationToken).ConfigureAwait(false);
    }
}
