using System.Text.Json;
using Crm.Engine.Scheduling;

namespace Crm.Engine.Campaigns;

/// <summary>Sends a campaign when its scheduled job falls due; a campaign cancelled meanwhile sends nothing.</summary>
internal sealed class CampaignSendJobHandler : IScheduledJobHandler
{
    public const string JobKind = "crm.campaign.send";

    public string Kind => JobKind;

    public static string JobKey(Guid campaignId) => $"campaign-send:{campaignId:N}";

    public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = JsonSerializer.Deserialize(context.Job.Payload, CampaignJson.Default.CampaignSendPayload)
            ?? throw new JsonException("The campaign send payload is empty.");
        var campaign = await context.Crm.Campaigns.GetAsync(payload.CampaignId, cancellationToken).ConfigureAwait(false);
        if (campaign is null || campaign.Status == CampaignStatus.Cancelled)
        {
            return;
        }

        await context.Crm.Campaigns.SendAsync(payload.CampaignId, cancellationToken).ConfigureAwait(false);
    }
}
