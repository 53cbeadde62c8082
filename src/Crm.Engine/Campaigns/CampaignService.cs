using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Events;
using Crm.Engine.Messaging;
using Crm.Engine.Scheduling;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Campaigns;

/// <summary>Implements campaigns for one caller.</summary>
internal sealed partial class CampaignService(CrmEngine engine, CrmCaller caller, ICrmContext context) : ICampaignService
{
    private const int MaxAddressLength = 320;

    private CampaignOptions Options => engine.Services.GetRequiredService<IOptions<CampaignOptions>>().Value;

    public async Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        CampaignValidator.Validate(campaign, context.Templates);
        var now = engine.Time.GetUtcNow();
        var stored = campaign with
        {
            Id = campaign.Id == Guid.Empty ? Guid.CreateVersion7(now) : campaign.Id,
            TenantId = caller.TenantId,
            Status = CampaignStatus.Draft,
            ScheduledAt = null,
            SentAt = null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _ = await AudienceFilterAsync(session, stored, now, cancellationToken).ConfigureAwait(false);
            await session.Campaigns.InsertAsync(stored, cancellationToken).ConfigureAwait(false);
        }

        await PublishAsync(new CampaignCreated(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Campaign> UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        CampaignValidator.Validate(campaign, context.Templates);
        var now = engine.Time.GetUtcNow();
        Campaign before, after;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            before = await RequireAsync(session, campaign.Id, cancellationToken).ConfigureAwait(false);
            if (before.Status is CampaignStatus.Sent or CampaignStatus.Cancelled)
            {
                throw new CrmValidationException("status", $"campaign '{before.Id}' is {before.Status} and can no longer be edited.", "status");
            }

            after = campaign with
            {
                TenantId = caller.TenantId,
                Status = before.Status,
                ScheduledAt = before.ScheduledAt,
                SentAt = before.SentAt,
                CreatedAt = before.CreatedAt,
                UpdatedAt = now,
            };
            _ = await AudienceFilterAsync(session, after, now, cancellationToken).ConfigureAwait(false);
            await session.Campaigns.UpdateAsync(after, cancellationToken).ConfigureAwait(false);
        }

        await PublishAsync(new CampaignUpdated(before, after) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<Campaign?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Page<Campaign>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        page ??= PageRequest.First;
        page.Validate();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Campaigns.ListAsync(page, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Campaign> ScheduleAsync(Guid id, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        var now = engine.Time.GetUtcNow();
        Campaign before = null!, after = null!;
        await context.TransactAsync(
            async ct =>
            {
                var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    before = await RequireAsync(session, id, ct).ConfigureAwait(false);
                    if (before.Status == CampaignStatus.Cancelled)
                    {
                        throw new CrmValidationException("status", $"campaign '{id}' is cancelled and cannot be scheduled.", "status");
                    }

                    after = before with { Status = CampaignStatus.Scheduled, ScheduledAt = dueAt, UpdatedAt = now };
                    await session.Campaigns.UpdateAsync(after, ct).ConfigureAwait(false);
                }

                await context.Scheduler.ScheduleAsync(new JobRequest
                {
                    Kind = CampaignSendJobHandler.JobKind,
                    Key = CampaignSendJobHandler.JobKey(id),
                    DueAt = dueAt,
                    Payload = JsonSerializer.Serialize(new CampaignSendPayload(id), CampaignJson.Default.CampaignSendPayload),
                    Replace = true,
                }, ct).ConfigureAwait(false);
                await PublishAsync(new CampaignScheduled(after, dueAt) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, ct).ConfigureAwait(false);
                await PublishAsync(new CampaignUpdated(before, after) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<Campaign> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        var now = engine.Time.GetUtcNow();
        Campaign before = null!, after = null!;
        await context.TransactAsync(
            async ct =>
            {
                var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    before = await RequireAsync(session, id, ct).ConfigureAwait(false);
                    after = before with { Status = CampaignStatus.Cancelled, UpdatedAt = now };
                    await session.Campaigns.UpdateAsync(after, ct).ConfigureAwait(false);
                    await session.Campaigns.CancelPendingRecipientsAsync(id, now, ct).ConfigureAwait(false);
                    await CancelPendingAsync(session, id, now, ct).ConfigureAwait(false);
                    _ = await session.Jobs.CancelAsync(CampaignDispatchJob.JobKey(id), now, ct).ConfigureAwait(false);
                }

                await context.Scheduler.CancelAsync(CampaignSendJobHandler.JobKey(id), ct).ConfigureAwait(false);
                await PublishAsync(new CampaignUpdated(before, after) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<CampaignAudienceCounts> PreviewAudienceAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        var now = engine.Time.GetUtcNow();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
            var filter = await AudienceFilterAsync(session, campaign, now, cancellationToken).ConfigureAwait(false);
            return await session.Campaigns.CountAudienceAsync(AudienceQuery(campaign, filter, now), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> TrackAsync(CampaignTrackingEvent trackingEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trackingEvent);
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        if (!Enum.IsDefined(trackingEvent.Kind) || trackingEvent.Amount < 0)
        {
            throw new CrmValidationException("kind", $"the event kind '{trackingEvent.Kind}' is unknown or its amount {trackingEvent.Amount} is negative.", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _ = await RequireAsync(session, trackingEvent.CampaignId, cancellationToken).ConfigureAwait(false);
            return await RecordAsync(engine, session, caller, trackingEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<CampaignEffectiveness> GetEffectivenessAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
            var counts = await session.Campaigns.CountByVariantAsync(id, cancellationToken).ConfigureAwait(false);
            return CampaignEffectivenessCalculator.Compute(campaign, counts);
        }
    }

    public Task<Suppression> SuppressCustomerAsync(Guid customerId, SuppressionReason reason, CancellationToken cancellationToken = default) =>
        SuppressAsync(new Suppression(reason, engine.Time.GetUtcNow()) { CustomerId = customerId }, cancellationToken);

    public Task<Suppression> SuppressAddressAsync(string address, SuppressionReason reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Trim().Length > MaxAddressLength)
        {
            throw new CrmValidationException("address", $"must have 1 to {MaxAddressLength} characters.", "length");
        }

        return SuppressAsync(new Suppression(reason, engine.Time.GetUtcNow()) { Address = NormalizeAddress(address) }, cancellationToken);
    }

    public async Task<bool> UnsuppressAsync(Suppression suppression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        if ((suppression.CustomerId is null) == (suppression.Address is null))
        {
            throw new CrmValidationException("suppression", "name exactly one of a customer id and an address.", "exclusive");
        }

        var normalized = suppression.Address is { } address ? suppression with { Address = NormalizeAddress(address) } : suppression;
        var now = engine.Time.GetUtcNow();
        bool removed;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            removed = await session.Campaigns.RemoveSuppressionAsync(normalized, cancellationToken).ConfigureAwait(false);
        }

        if (removed)
        {
            await PublishAsync(new SuppressionRemoved(normalized) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    public async Task<Page<Suppression>> ListSuppressionsAsync(PageRequest? page = null, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        page ??= PageRequest.First;
        page.Validate();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.Campaigns.ListSuppressionsAsync(page, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a tracked event and raises <see cref="CampaignTracked"/>; shared by the service, the tracking handler and the event tracker.</summary>
    internal static async Task<bool> RecordAsync(CrmEngine engine, IStorageSession session, CrmCaller caller, CampaignTrackingEvent trackingEvent, CancellationToken cancellationToken)
    {
        var first = await session.Campaigns.RecordEventAsync(trackingEvent, cancellationToken).ConfigureAwait(false);
        var now = engine.Time.GetUtcNow();
        await engine.Events.PublishAsync(new CampaignTracked(trackingEvent, first)
        {
            EventId = Guid.CreateVersion7(now),
            TenantId = caller.TenantId,
            OccurredAt = now,
            Actor = caller.UserId,
        }, cancellationToken).ConfigureAwait(false);
        return first;
    }

    /// <summary>Adds a suppression through <paramref name="session"/> and raises <see cref="SuppressionAdded"/>.</summary>
    internal static async Task AddSuppressionAsync(CrmEngine engine, IStorageSession session, CrmCaller caller, Suppression suppression, CancellationToken cancellationToken)
    {
        await session.Campaigns.AddSuppressionAsync(suppression, cancellationToken).ConfigureAwait(false);
        var now = engine.Time.GetUtcNow();
        await engine.Events.PublishAsync(new SuppressionAdded(suppression)
        {
            EventId = Guid.CreateVersion7(now),
            TenantId = caller.TenantId,
            OccurredAt = now,
            Actor = caller.UserId,
        }, cancellationToken).ConfigureAwait(false);
    }

    internal static string NormalizeAddress(string address) => address.Trim().ToLowerInvariant();

    private async Task<Suppression> SuppressAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await AddSuppressionAsync(engine, session, caller, suppression, cancellationToken).ConfigureAwait(false);
        }

        return suppression;
    }

    private static async Task<Campaign> RequireAsync(IStorageSession session, Guid id, CancellationToken cancellationToken) =>
        await session.Campaigns.GetAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new CrmNotFoundException(CampaignValidator.Entity, id);

    /// <summary>Parses and binds the campaign's segment or inline condition against the tenant's catalog (custom fields included).</summary>
    private static async Task<Condition> AudienceFilterAsync(IStorageSession session, Campaign campaign, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var definitions = await CustomFieldService.ListAsync(session, cancellationToken).ConfigureAwait(false);
        var catalog = definitions.Count == 0 ? SegmentFields.Customer : SegmentFields.Build(definitions);
        string json, source;
        if (campaign.Audience.SegmentName is { } name)
        {
            var segment = await session.Segments.GetAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new CrmValidationException("audience.segmentName", $"no segment is named '{name}'; save it first or check the name.", "notFound");
            (json, source) = (segment.ConditionJson, "segment:" + name);
        }
        else
        {
            (json, source) = (campaign.Audience.ConditionJson!, "campaign:" + campaign.Id.ToString("N"));
        }

        var condition = ConditionParser.Parse(json, catalog, source);
        return TenantConditions.Bind(condition, catalog, definitions, asOf);
    }

    private static CampaignAudienceQuery AudienceQuery(Campaign campaign, Condition filter, DateTimeOffset asOf) => new()
    {
        CampaignId = campaign.Id,
        Channel = campaign.Channel,
        Purpose = campaign.Purpose,
        Filter = filter,
        AsOf = asOf,
    };

    private static async Task CancelPendingAsync(IStorageSession session, Guid campaignId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await session.Outbox.ListAsync(new OutboxQuery { CampaignId = campaignId, Status = Channels.OutboxStatus.Pending, Page = new PageRequest(1000, token) }, cancellationToken).ConfigureAwait(false);
            foreach (var message in page.Items)
            {
                await session.Outbox.CancelAsync(message.Id, now, cancellationToken).ConfigureAwait(false);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private Task PublishAsync(CrmEvent crmEvent, CancellationToken cancellationToken) =>
        engine.Events.PublishAsync(crmEvent with { Actor = caller.UserId }, cancellationToken);

    private OutboxDispatcher? Dispatcher => engine.Services.GetService<OutboxDispatcher>();
}
