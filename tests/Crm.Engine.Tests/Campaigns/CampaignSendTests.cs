using Crm.Engine.Campaigns;
using Crm.Engine.Channels;

namespace Crm.Engine.Tests.Campaigns;

public sealed class CampaignSendTests
{
    [Fact]
    public async Task Send_ReachesOnlyMembersWithConsent_WhoAreNotSuppressed()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var withdrawn = await host.CustomerAsync("Withdrawn");
        await host.Crm.Privacy.RecordConsentAsync(withdrawn.Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Withdrawn, "preferences");
        _ = await host.CustomerAsync("Silent", consent: false);
        var otherPurpose = await host.CustomerAsync("Newsletter", consent: false);
        await host.Crm.Privacy.RecordConsentAsync(otherPurpose.Id, InteractionChannels.Email, "newsletter", ConsentStatus.Granted, "form");
        var suppressed = await host.CustomerAsync("Suppressed");
        await host.Crm.Campaigns.SuppressCustomerAsync(suppressed.Id, SuppressionReason.Complained);
        _ = await host.CustomerAsync("Bounced");
        await host.Crm.Campaigns.SuppressAddressAsync("BOUNCED@example.com ", SuppressionReason.Bounced);
        var grace = await host.CustomerAsync("Grace");
        _ = await host.CustomerAsync("Abroad", country: "DE");
        var campaign = await host.CampaignAsync();

        // 7 Dutch members: 3 without marketing consent (withdrawn, none, other purpose), 2 suppressed, 2 eligible
        Assert.Equal(new CampaignAudienceCounts(7, 3, 2, 0, 2), await host.Crm.Campaigns.PreviewAudienceAsync(campaign.Id));
        var result = await host.Crm.Campaigns.SendAsync(campaign.Id);
        Assert.Equal(2, result.TotalQueued);
        Assert.Empty(await host.OutboxAsync(campaign.Id)); // recorded, not rendered: dispatch renders
        await host.SettleAsync();

        Assert.Equal(
            new[] { ada.Id, grace.Id }.Order(),
            (await host.OutboxAsync(campaign.Id)).Select(m => m.CustomerId!.Value).Order());
        Assert.Equal(["ada@example.com", "grace@example.com"], host.Adapter.Accepted.Select(m => m.Recipient).Order());
        Assert.Equal(new CampaignAudienceCounts(7, 3, 2, 2, 0), await host.Crm.Campaigns.PreviewAudienceAsync(campaign.Id));
        Assert.Equal(CampaignStatus.Sent, (await host.Crm.Campaigns.GetAsync(campaign.Id))!.Status);
    }

    [Fact]
    public async Task Resend_MessagesNobodyTwice()
    {
        await using var host = await CampaignHost.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await host.CustomerAsync("Customer" + i);
        }

        var campaign = await host.CampaignAsync();
        Assert.Equal(5, (await host.Crm.Campaigns.SendAsync(campaign.Id)).TotalQueued);
        await host.SettleAsync();
        Assert.Equal(0, (await host.Crm.Campaigns.SendAsync(campaign.Id)).TotalQueued);
        var late = await host.CustomerAsync("Late");
        var third = await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.SettleAsync();
        Assert.Equal(0, (await host.Crm.Campaigns.DispatchAsync(campaign.Id)).TotalQueued); // dispatching again renders nobody twice

        Assert.Equal(1, third.TotalQueued);
        var messages = await host.OutboxAsync(campaign.Id);
        Assert.Equal(6, messages.Count);
        Assert.Equal(6, messages.Select(m => m.CustomerId).Distinct().Count());
        Assert.Contains(messages, m => m.CustomerId == late.Id && m.IdempotencyKey == $"campaign:{campaign.Id:N}:{late.Id:N}");
        Assert.Equal(6, host.Adapter.Calls.Count);
        Assert.Equal(6, host.Adapter.Calls.Select(c => c.Recipient).Distinct().Count());
    }

    [Fact]
    public async Task SendRate_SpreadsNotBeforeTimes_AndDispatchRendersOnlyWhatFallsDueWithinTheLookahead()
    {
        await using var host = await CampaignHost.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await host.CustomerAsync("Customer" + i);
        }

        var start = host.Now;
        var campaign = await host.CampaignAsync(rate: 2);
        var result = await host.Crm.Campaigns.SendAsync(campaign.Id);

        // 2 per minute: one every 30 s, so the 5th may leave at start + 4 × 30 s = 2 min
        Assert.Equal(start, result.FirstNotBefore);
        Assert.Equal(start.AddMinutes(2), result.LastNotBefore);

        // The lookahead is 1 minute here: the messages due at +0, +30 s and +60 s are rendered now, two stay pending.
        var dispatched = await host.Crm.Campaigns.DispatchAsync(campaign.Id);
        Assert.Equal((3, 2L, start.AddSeconds(90)), (dispatched.TotalQueued, dispatched.Progress.Pending, dispatched.Progress.NextDueAt));
        Assert.Equal([start, start.AddSeconds(30), start.AddSeconds(60)], (await host.OutboxAsync(campaign.Id)).Select(m => m.NextAttemptAt).Order());
        await host.Messaging.DeliverDueAsync();
        Assert.Single(host.Adapter.Calls);

        // The dispatch job runs every minute: at +60 s it renders the rest, and the outbox still holds each until its time.
        await host.Messaging.AdvanceAsync(TimeSpan.FromSeconds(60));
        await host.Messaging.DeliverDueAsync();
        Assert.Equal(
            [start, start.AddSeconds(30), start.AddSeconds(60), start.AddSeconds(90), start.AddSeconds(120)],
            (await host.OutboxAsync(campaign.Id)).Select(m => m.NextAttemptAt).Order());
        Assert.Equal(3, host.Adapter.Calls.Count);
        await host.Messaging.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(5, host.Adapter.Calls.Count);
        Assert.Equal(new CampaignRecipientCounts(0, 5, 0, 0, null), await host.Crm.Campaigns.GetSendProgressAsync(campaign.Id));
    }

    [Fact]
    public async Task Schedule_SendsWhenDue_AndCancelStopsIt()
    {
        await using var host = await CampaignHost.CreateAsync();
        await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync();
        var cancelled = await host.CampaignAsync();
        var scheduled = await host.Crm.Campaigns.ScheduleAsync(campaign.Id, host.Now.AddHours(1));
        await host.Crm.Campaigns.ScheduleAsync(cancelled.Id, host.Now.AddHours(1));
        await host.Crm.Campaigns.CancelAsync(cancelled.Id);
        Assert.Equal(CampaignStatus.Scheduled, scheduled.Status);

        await host.Messaging.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(await host.OutboxAsync(campaign.Id));
        await host.Messaging.AdvanceAsync(TimeSpan.FromMinutes(2));
        await host.SettleAsync();

        Assert.Single(await host.OutboxAsync(campaign.Id));
        Assert.Empty(await host.OutboxAsync(cancelled.Id));
        Assert.Single(host.Adapter.Calls);
        await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Campaigns.SendAsync(cancelled.Id));
    }

    [Fact]
    public async Task ConsentWithdrawnAfterEnqueue_IsSuppressedAtSendTime_AndTrackedAsFailed()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync(rate: 1);
        await host.CustomerAsync("Grace");
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        Assert.Equal(2, (await host.Crm.Campaigns.DispatchAsync(campaign.Id)).TotalQueued); // +0 and +1 min: both within the lookahead
        var later = (await host.OutboxAsync(campaign.Id)).MaxBy(m => m.NextAttemptAt)!;
        await host.Crm.Privacy.RecordConsentAsync(later.CustomerId!.Value, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Withdrawn, "preferences");
        await host.Messaging.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Single(host.Adapter.Calls);
        Assert.Equal(OutboxStatus.Suppressed, (await host.Messaging.MessageAsync(later.Id)).Status);
        var stats = await host.Crm.Campaigns.GetEffectivenessAsync(campaign.Id);
        Assert.Equal((2L, 1L, 1L), (stats.Total.Counts.Sent, stats.Total.Counts.Delivered, stats.Total.Counts.Failed));
        _ = ada;
    }

    [Fact]
    public async Task Variants_GetTheirOwnTemplate_AndBadCampaignsAreRejected()
    {
        await using var host = await CampaignHost.CreateAsync();
        for (var i = 0; i < 6; i++)
        {
            await host.CustomerAsync("Customer" + i);
        }

        var campaign = await host.CampaignAsync(variants: [new CampaignVariant("A", 50), new CampaignVariant("B", 50) { TemplateId = CampaignHost.PromoB.Id }]);
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.Crm.Campaigns.DispatchAsync(campaign.Id);
        var messages = await host.OutboxAsync(campaign.Id);
        Assert.Equal(6, messages.Count);
        Assert.All(messages, m => Assert.Equal(m.CampaignVariant == "B" ? "20% off" : "Spring sale", m.Subject));
        Assert.All(messages.Where(m => m.CampaignVariant == "A"), m => Assert.Contains("https://crm.example.com/t/", m.TextBody, StringComparison.Ordinal));

        var split = await Assert.ThrowsAsync<CrmValidationException>(() => host.CampaignAsync(variants: [new CampaignVariant("A", 50), new CampaignVariant("B", 40)]));
        Assert.Contains(split.Errors, e => e.Path == "variants");
        var template = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Campaigns.CreateAsync(campaign with { Id = Guid.Empty, TemplateId = "missing" }));
        Assert.Contains(template.Errors, e => e.Path == "templateId");
        var segment = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Campaigns.CreateAsync(campaign with { Id = Guid.Empty, Audience = CampaignAudience.Segment("nope") }));
        Assert.Contains(segment.Errors, e => e.Path == "audience.segmentName");
    }

    [Fact]
    public async Task SavedSegmentAudience_IsResolved()
    {
        await using var host = await CampaignHost.CreateAsync();
        var vip = await host.CustomerAsync("Vip");
        await host.Crm.Customers.UpdateAsync(vip with { Tags = ["vip"] });
        await host.CustomerAsync("Plain");
        await host.Crm.Segments.SaveAsync(new SegmentDefinition("vips", """{"field":"tags","op":"contains","value":"vip"}"""));
        var campaign = await host.Crm.Campaigns.CreateAsync((await host.CampaignAsync()) with { Id = Guid.Empty, Audience = CampaignAudience.Segment("vips") });

        await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.Crm.Campaigns.DispatchAsync(campaign.Id);
        Assert.Equal(vip.Id, Assert.Single(await host.OutboxAsync(campaign.Id)).CustomerId);
    }
}
