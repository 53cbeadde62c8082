using System.Text.Json;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Schedules and runs a campaign's dispatch: a recurring job per campaign, every
/// <see cref="CampaignOptions.DispatchInterval"/> while recipients are pending, that cancels itself when none is left.
/// Cancelling a running job drops its lease, so the run's outcome does not put it back.
/// </summary>
internal sealed class CampaignDispatchJob : IScheduledJobHandler
{
    public const string JobKind = "crm.campaign.dispatch";

    public string Kind => JobKind;

    public static string JobKey(Guid campaignId) => $"campaign-dispatch:{campaignId:N}";

    /// <summary>Schedules (or brings forward) the campaign's dispatch job in <paramref name="session"/>, without a permission check: a send implies it.</summary>
    public static async Task ScheduleAsync(CrmEngine engine, IStorageSession session, Guid campaignId, DateTimeOffset dueAt, CampaignOptions options, CancellationToken cancellationToken)
    {
        var now = engine.Time.GetUtcNow();
        var job = new ScheduledJob
        {
            Id = Guid.CreateVersion7(now),
            TenantId = session.TenantId,
            Kind = JobKind,
            Key = JobKey(campaignId),
            Payload = JsonSerializer.Serialize(new CampaignSendPayload(campaignId), CampaignJson.Default.CampaignSendPayload),
            DueAt = dueAt,
            RepeatEvery = options.DispatchInterval,
            Status = ScheduledJobStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            var stored = await session.Jobs.ScheduleAsync(job, replace: true, cancellationToken).ConfigureAwait(false);
            if (engine.Services.GetService<JobRunner>() is { } runner)
            {
                AmbientUnitOfWork.RunAfterCommit(engine, () => runner.Notify(stored.DueAt));
            }
        }
        catch (NotSupportedException)
        {
            // A storage provider without jobs: the host dispatches with ICampaignService.DispatchAsync itself.
        }
    }

    public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = JsonSerializer.Deserialize(context.Job.Payload, CampaignJson.Default.CampaignSendPayload)
            ?? throw new JsonException("The campaign dispatch payload is empty.");
        var campaign = await context.Crm.Campaigns.GetAsync(payload.CampaignId, cancellationToken).ConfigureAwait(false);
        if (campaign is not null)
        {
            var result = await context.Crm.Campaigns.DispatchAsync(payload.CampaignId, cancellationToken).ConfigureAwait(false);
            if (result.Progress.Pending > 0 && campaign.Status != CampaignStatus.Cancelled)
            {
                return;
            }
        }

        await context.Crm.Scheduler.CancelAsync(context.Job.Key, cancellationToken).ConfigureAwait(false);
    }
}
