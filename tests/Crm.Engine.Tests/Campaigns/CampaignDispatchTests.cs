using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Campaigns;

/// <summary>Dispatch: a send records recipients; their messages are rendered later, after consent and suppression are checked again.</summary>
public sealed class CampaignDispatchTests
{
    [Fact]
    public async Task WithdrawnOrSuppressedAfterTheSend_IsSkippedAtDispatch_AndNeverMessaged()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var withdrew = await host.CustomerAsync("Withdrew");
        var bounced = await host.CustomerAsync("Bounced");
        var complained = await host.CustomerAsync("Complained");
        var campaign = await host.CampaignAsync();
        Assert.Equal(4, (await host.Crm.Campaigns.SendAsync(campaign.Id)).TotalQueued);

        // Between the send and its dispatch: consent withdrawn, address bounced, customer complained; Ada renamed.
        await host.Crm.Privacy.RecordConsentAsync(withdrew.Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Withdrawn, "preferences");
        await host.Crm.Campaigns.SuppressAddressAsync("bounced@example.com", SuppressionReason.Bounced);
        await host.Crm.Campaigns.SuppressCustomerAsync(complained.Id, SuppressionReason.Complained);
        await host.Crm.Customers.UpdateAsync((await host.Crm.Customers.GetAsync(ada.Id))! with { FirstName = "Augusta" });
        await host.SettleAsync();

        var message = Assert.Single(await host.OutboxAsync(campaign.Id));
        Assert.Equal(ada.Id, message.CustomerId);
        Assert.StartsWith("Hi Augusta,", message.TextBody, StringComparison.Ordinal); // rendered with the data at dispatch
        Assert.Equal(["ada@example.com"], host.Adapter.Calls.Select(c => c.Recipient));
        Assert.Equal(new CampaignRecipientCounts(0, 1, 3, 0, null), await host.Crm.Campaigns.GetSendProgressAsync(campaign.Id));
        Assert.Equal(1L, (await host.Crm.Campaigns.GetEffectivenessAsync(campaign.Id)).Total.Counts.Sent);
        _ = bounced;
    }

    [Fact]
    public async Task Cancel_CancelsPendingRecipients_AndTheirMessagesAreNeverRendered()
    {
        await using var host = await CampaignHost.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await host.CustomerAsync("Customer" + i);
        }

        var campaign = await host.CampaignAsync(rate: 1);
        await host.Crm.Campaigns.SendAsync(campaign.Id);

        // 1 per minute, lookahead 1 minute: +0 and +1 min are rendered, +2 .. +4 min stay pending.
        Assert.Equal(2, (await host.Crm.Campaigns.DispatchAsync(campaign.Id)).TotalQueued);
        await host.Crm.Campaigns.CancelAsync(campaign.Id);
        await host.Messaging.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Empty(host.Adapter.Calls);
        Assert.Equal(new CampaignRecipientCounts(0, 2, 0, 3, null), await host.Crm.Campaigns.GetSendProgressAsync(campaign.Id));
        Assert.All(await host.OutboxAsync(campaign.Id), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.Equal(0, (await host.Crm.Campaigns.DispatchAsync(campaign.Id)).TotalQueued);
    }

    [Fact]
    public async Task SendRecordedBeforeDispatchExisted_IsCompletedByAResend_WithoutMessagingAnyoneTwice()
    {
        await using var host = await CampaignHost.CreateAsync();
        var early = await host.CustomerAsync("Early");
        var rest = await host.CustomerAsync("Rest");
        var campaign = await host.CampaignAsync();

        // What an interrupted send of the old design left: Early's message enqueued and its recipient row with the message.
        var provider = host.Messaging.Engine.Provider.GetRequiredService<IStorageProvider>();
        var session = await provider.OpenSessionAsync(host.Crm.Caller.TenantId, CancellationToken.None);
        await using (session)
        {
            var old = await session.Outbox.EnqueueAsync(new OutboxMessage
            {
                Id = Guid.CreateVersion7(host.Now),
                TenantId = host.Crm.Caller.TenantId,
                Channel = InteractionChannels.Email,
                CustomerId = early.Id,
                Recipient = "early@example.com",
                Subject = "Spring sale",
                TextBody = "Hi Early",
                IdempotencyKey = $"campaign:{campaign.Id:N}:{early.Id:N}",
                Purpose = MessagePurposes.Marketing,
                Status = OutboxStatus.Pending,
                NextAttemptAt = host.Now,
                CampaignId = campaign.Id,
                CampaignVariant = Campaign.DefaultVariant,
                CreatedAt = host.Now,
                UpdatedAt = host.Now,
            }, CancellationToken.None);
            await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign.Id, early.Id, Campaign.DefaultVariant, old.Id, host.Now)], CancellationToken.None);
        }

        var resend = await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.SettleAsync();

        Assert.Equal(1, resend.TotalQueued);
        Assert.Equal(new[] { early.Id, rest.Id }.Order(), (await host.OutboxAsync(campaign.Id)).Select(m => m.CustomerId!.Value).Order());
        Assert.Equal(["early@example.com", "rest@example.com"], host.Adapter.Calls.Select(c => c.Recipient).Order());
        Assert.Equal(new CampaignRecipientCounts(0, 2, 0, 0, null), await host.Crm.Campaigns.GetSendProgressAsync(campaign.Id));
    }

    [Fact]
    public void DispatchOptions_OutOfRange_AreRefusedNamingTheOption()
    {
        var validator = new CampaignOptionsValidator();
        var slow = validator.Validate(null, new CampaignOptions { DispatchInterval = TimeSpan.FromMinutes(5), DispatchLookahead = TimeSpan.FromMinutes(1) });
        var fast = validator.Validate(null, new CampaignOptions { DispatchInterval = TimeSpan.FromMilliseconds(10) });

        Assert.Contains("CampaignOptions.DispatchLookahead must be at least DispatchInterval", Assert.Single(slow.Failures!), StringComparison.Ordinal);
        Assert.Contains("CampaignOptions.DispatchInterval must be between 1 second and 1 hour", Assert.Single(fast.Failures!), StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new CampaignOptions()).Succeeded);
    }
}
