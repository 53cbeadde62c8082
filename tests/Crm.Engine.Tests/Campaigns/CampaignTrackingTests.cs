using Crm.Engine.Campaigns;
using Crm.Engine.Channels;

namespace Crm.Engine.Tests.Campaigns;

public sealed class CampaignTrackingTests
{
    [Fact]
    public async Task OpensAndClicks_CountUniqueAndTotal_ClickRedirects()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.Crm.Campaigns.DispatchAsync(campaign.Id);
        var message = Assert.Single(await host.OutboxAsync(campaign.Id));
        var open = host.Tracking.CreateToken(host.Crm.Caller.TenantId, campaign.Id, ada.Id, "default", CampaignTrackingKind.Open);
        var click = ClickToken(message.TextBody);

        Assert.True((await host.Tracking.HandleAsync(open)).Accepted);
        Assert.True((await host.Tracking.HandleAsync(open)).Accepted);
        var clicked = await host.Tracking.HandleAsync(click);

        Assert.Equal(CampaignTrackingKind.Click, clicked.Kind);
        Assert.Equal(new Uri("https://shop.example.com/spring"), clicked.RedirectTo);
        var counts = (await host.Crm.Campaigns.GetEffectivenessAsync(campaign.Id)).Total.Counts;
        Assert.Equal((1L, 2L, 1L, 1L), (counts.UniqueOpens, counts.TotalOpens, counts.UniqueClicks, counts.TotalClicks));
    }

    [Fact]
    public async Task TamperedTokens_AreRejected_AndRecordNothing()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        var token = host.Tracking.CreateToken(host.Crm.Caller.TenantId, campaign.Id, ada.Id, "default", CampaignTrackingKind.Unsubscribe);
        var chars = token.ToCharArray();
        chars[5] = chars[5] == 'x' ? 'y' : 'x';

        foreach (var bad in new[] { new string(chars), token[..^1], token + "x", "garbage" })
        {
            var result = await host.Tracking.HandleAsync(bad);
            Assert.False(result.Accepted);
            Assert.NotNull(result.Error);
            Assert.DoesNotContain(token, result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await host.Crm.Campaigns.GetEffectivenessAsync(campaign.Id)).Total.Counts.Unsubscribes);
        Assert.True(await host.Crm.Privacy.HasConsentAsync(ada.Id, InteractionChannels.Email, MessagePurposes.Marketing));
        Assert.Empty((await host.Crm.Campaigns.ListSuppressionsAsync()).Items);
    }

    [Fact]
    public async Task Unsubscribe_WithdrawsConsent_Suppresses_AndLaterCampaignsSkipTheCustomer()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        await host.CustomerAsync("Grace");
        var first = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(first.Id);
        await host.Crm.Campaigns.DispatchAsync(first.Id);
        var message = (await host.OutboxAsync(first.Id)).Single(m => m.CustomerId == ada.Id);

        var result = await host.Tracking.HandleAsync(UnsubscribeToken(message.TextBody));

        Assert.Equal(CampaignTrackingKind.Unsubscribe, result.Kind);
        Assert.False(await host.Crm.Privacy.HasConsentAsync(ada.Id, InteractionChannels.Email, MessagePurposes.Marketing));
        var suppression = Assert.Single((await host.Crm.Campaigns.ListSuppressionsAsync()).Items);
        Assert.Equal((ada.Id, SuppressionReason.Unsubscribed), (suppression.CustomerId, suppression.Reason));
        Assert.Equal(1, (await host.Crm.Campaigns.GetEffectivenessAsync(first.Id)).Total.Counts.Unsubscribes);

        // Consent granted again (say, by mistake): the suppression list still keeps the customer out.
        await host.Crm.Privacy.RecordConsentAsync(ada.Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Granted, "import");
        var second = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(second.Id);
        await host.Crm.Campaigns.DispatchAsync(second.Id);
        Assert.DoesNotContain(await host.OutboxAsync(second.Id), m => m.CustomerId == ada.Id);
        Assert.Single(await host.OutboxAsync(second.Id));
    }

    [Fact]
    public async Task Replies_AreTrackedFromThreadedInboundMessages()
    {
        await using var host = await CampaignHost.CreateAsync();
        var ada = await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.SettleAsync(); // dispatch, then delivery
        var delivered = Assert.Single(await host.OutboxAsync(campaign.Id));

        await host.Crm.Messages.ReceiveAsync(new InboundMessage
        {
            Channel = InteractionChannels.Email,
            ExternalId = "reply-1",
            SenderAddress = "ada@example.com",
            TextBody = "Do you ship to Utrecht?",
            InReplyTo = delivered.ProviderMessageId,
            ReceivedAt = host.Now,
        });

        var counts = (await host.Crm.Campaigns.GetEffectivenessAsync(campaign.Id)).Total.Counts;
        Assert.Equal((1L, 1L), (counts.Delivered, counts.Replies));
        _ = ada;
    }

    [Fact]
    public async Task WithoutTrackingOptions_MessagesHaveNoLinks_AndTokensAreRejected()
    {
        await using var host = await CampaignHost.CreateAsync(tracking: false);
        await host.CustomerAsync("Ada");
        var campaign = await host.CampaignAsync();
        await host.Crm.Campaigns.SendAsync(campaign.Id);
        await host.Crm.Campaigns.DispatchAsync(campaign.Id);
        var message = Assert.Single(await host.OutboxAsync(campaign.Id));
        Assert.DoesNotContain("http", message.TextBody, StringComparison.Ordinal);
        Assert.False((await host.Tracking.HandleAsync("abc.def")).Accepted);
    }

    private static string ClickToken(string body) => TokenAfter(body, "spring sale: ");

    private static string UnsubscribeToken(string body) => TokenAfter(body, "Unsubscribe: ");

    private static string TokenAfter(string body, string marker)
    {
        var start = body.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var url = body[start..].Split(' ')[0];
        return url["https://crm.example.com/t/".Length..];
    }
}
