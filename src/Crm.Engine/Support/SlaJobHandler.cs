using System.Text.Json;
using Crm.Engine.Scheduling;

namespace Crm.Engine.Support;

/// <summary>
/// Fires a case's SLA milestones: a warning raises <see cref="CaseSlaWarning"/> and an <c>sla-at-risk</c> alert, a
/// breach raises <see cref="CaseSlaBreached"/> and escalates. The milestone is recorded uniquely in the same
/// transaction, so a job delivered twice (a lost lease, a retry) fires once.
/// </summary>
internal sealed class SlaJobHandler(CrmEngine engine) : IScheduledJobHandler
{
    public const string JobKind = "crm.support.sla";

    public const string AtRiskRule = "sla-at-risk";

    public string Kind => JobKind;

    public static string Key(Guid caseId, SlaMilestone milestone) => $"case-sla:{caseId:N}:{milestone}";

    public static string Payload(Guid caseId, SlaMilestone milestone) => $$"""{"caseId":"{{caseId}}","milestone":"{{milestone}}"}""";

    public Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var payload = JsonDocument.Parse(context.Job.Payload);
        var caseId = payload.RootElement.GetProperty("caseId").GetGuid();
        var milestone = Enum.Parse<SlaMilestone>(payload.RootElement.GetProperty("milestone").GetString()!);
        return FireAsync(context.Job.TenantId, caseId, milestone, cancellationToken);
    }

    /// <summary>Fires one milestone of one case, at most once.</summary>
    internal Task<bool> FireAsync(string tenantId, Guid caseId, SlaMilestone milestone, CancellationToken cancellationToken) =>
        SupportUnit.RunAsync(engine, CrmCaller.System(tenantId), async (writer, token) =>
        {
            var now = engine.Time.GetUtcNow();
            var supportCase = await writer.Session.Support.GetCaseAsync(caseId, token).ConfigureAwait(false);
            if (supportCase is null || !Pending(supportCase, milestone))
            {
                return false; // deleted, answered or resolved in the meantime
            }

            if (!await writer.Session.Support.TryRecordSlaMilestoneAsync(caseId, milestone, now, token).ConfigureAwait(false))
            {
                return false; // already fired: this is a second delivery
            }

            var dueAt = milestone is SlaMilestone.FirstResponseWarning or SlaMilestone.FirstResponseBreach
                ? supportCase.FirstResponseDueAt!.Value
                : supportCase.ResolutionDueAt!.Value;
            var actor = CrmCaller.SystemUserId;
            if (milestone is SlaMilestone.FirstResponseWarning or SlaMilestone.ResolutionWarning)
            {
                await engine.Events.PublishAsync(new CaseSlaWarning(supportCase, milestone, dueAt) { EventId = Guid.CreateVersion7(now), TenantId = tenantId, OccurredAt = now, Actor = actor }, token).ConfigureAwait(false);
                await AlertRaiser.RaiseAsync(engine, writer, new Alert
                {
                    Rule = AtRiskRule,
                    OccurrenceKey = $"{AtRiskRule}:{caseId:N}:{milestone}",
                    CustomerId = supportCase.CustomerId,
                    CaseId = caseId,
                    Severity = AlertSeverity.Warning,
                    Message = $"Case '{supportCase.Subject}' is at risk: {(milestone == SlaMilestone.FirstResponseWarning ? "first response" : "resolution")} due {dueAt:u}.",
                }, null, now, token).ConfigureAwait(false);
                return true;
            }

            await engine.Events.PublishAsync(new CaseSlaBreached(supportCase, milestone, dueAt) { EventId = Guid.CreateVersion7(now), TenantId = tenantId, OccurredAt = now, Actor = actor }, token).ConfigureAwait(false);
            await writer.EscalateAsync(supportCase, now, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static bool Pending(SupportCase supportCase, SlaMilestone milestone) =>
        supportCase.IsOpen && (milestone is SlaMilestone.ResolutionWarning or SlaMilestone.ResolutionBreach || supportCase.FirstResponseAt is null);
}
