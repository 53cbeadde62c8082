using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>
/// Runs the event-time alert checks for a customer when a case is opened for them, so rules over the <c>cases</c>
/// relation ("more than two open cases") fire without waiting for the next interaction or sweep. A case an alert opens
/// raises its check again; the occurrence key stops it from raising twice.
/// </summary>
internal sealed class SupportCaseAlertHandler(CrmEngine engine) : ICrmEventHandler<CaseOpened>
{
    public async Task HandleAsync(CaseOpened crmEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        if (SupportUnit.Options(engine).AlertRules.Any(r => r.EvaluateOnInteraction))
        {
            await new AlertService(engine, CrmCaller.System(crmEvent.TenantId)).EvaluateCustomerAsync(crmEvent.Case.CustomerId, cancellationToken).ConfigureAwait(false);
        }
    }
}
