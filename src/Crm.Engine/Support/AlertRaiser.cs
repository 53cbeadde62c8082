namespace Crm.Engine.Support;

/// <summary>Raises an alert once per occurrence key, opening the rule's case (idempotent by the same key) first.</summary>
internal static class AlertRaiser
{
    /// <summary>Returns the stored alert, or <see langword="null"/> when the occurrence already had one.</summary>
    public static async Task<Alert?> RaiseAsync(CrmEngine engine, CaseWriter writer, Alert alert, AlertCaseTemplate? openCase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Guid? caseId = alert.CaseId;
        if (openCase is not null && alert.CustomerId is { } customerId)
        {
            // Keyed by the occurrence: a second raise finds the case the first one opened and opens none.
            var opened = await writer.OpenAsync(new OpenCaseRequest
            {
                CustomerId = customerId,
                Subject = openCase.Subject,
                Description = alert.Message,
                Priority = openCase.Priority,
                Category = openCase.Category,
                TeamId = openCase.TeamId,
                Channel = "alert",
                OpenKey = "alert:" + alert.OccurrenceKey,
            }, now, cancellationToken).ConfigureAwait(false);
            caseId = opened.Id;
        }

        var stored = alert with { Id = Guid.CreateVersion7(now), TenantId = writer.Session.TenantId, CaseId = caseId, RaisedAt = now };
        if (!await writer.Session.Support.TryInsertAlertAsync(stored, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await engine.Events.PublishAsync(new AlertRaised(stored) { EventId = Guid.CreateVersion7(now), TenantId = stored.TenantId, OccurredAt = now, Actor = CrmCaller.SystemUserId }, cancellationToken).ConfigureAwait(false);
        return stored;
    }
}
