using Crm.Engine.Events;

namespace Crm.Engine.Support;

/// <summary>
/// Keeps cases in step with the timeline: an outbound interaction on a case is its first response (whichever path
/// recorded it, the outbox included); an inbound one on a configured channel is filed into a case; and the alert rules
/// checked on interactions run for the customer.
/// </summary>
internal sealed class SupportInteractionHandler(CrmEngine engine) : ICrmEventHandler<InteractionRecorded>
{
    public async Task HandleAsync(InteractionRecorded crmEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crmEvent);
        var interaction = crmEvent.Interaction;
        var options = SupportUnit.Options(engine);
        var caller = CrmCaller.System(crmEvent.TenantId);
        if (interaction.CaseId is { } caseId && interaction.Direction == InteractionDirection.Outbound)
        {
            await SupportUnit.RunAsync(engine, caller, async (writer, token) =>
            {
                var supportCase = await writer.Session.Support.GetCaseAsync(caseId, token).ConfigureAwait(false);
                return supportCase is null ? null : await writer.RecordFirstResponseAsync(supportCase, interaction.OccurredAt, writer.Now, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (interaction.CaseId is null && interaction.Direction == InteractionDirection.Inbound && options.FileInboundChannels.Contains(interaction.Channel))
        {
            await SupportUnit.RunAsync(engine, caller, (writer, token) => CaseService.FileAsync(writer, interaction.Id, null, token), cancellationToken).ConfigureAwait(false);
        }

        if (options.AlertRules.Any(r => r.EvaluateOnInteraction))
        {
            await new AlertService(engine, caller).EvaluateCustomerAsync(interaction.CustomerId, cancellationToken).ConfigureAwait(false);
        }
    }
}
