using Crm.Engine.Campaigns;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// The recipient queue of a campaign: a send records audience ids as pending rows; dispatch reads due rows with the
/// customer's current data, consent and suppression, and marks them queued or skipped exactly once.
/// </summary>
public abstract partial class CampaignStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that the audience read as ids is the same set as the audience read as customers, in ascending order,
    /// capped by the limit, and that pending recipients are left out of it as queued ones are.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task AudienceIds_MatchTheAudience_AndLeaveOutPendingRecipients()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var eligible = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                eligible.Add((await CustomerAsync(session, $"id{i}", "NL", ConsentStatus.Granted).ConfigureAwait(false)).Id);
            }

            _ = await CustomerAsync(session, "withdrawn", "NL", ConsentStatus.Granted, ConsentStatus.Withdrawn).ConfigureAwait(false);
            _ = await CustomerAsync(session, "abroad", "DE", ConsentStatus.Granted).ConfigureAwait(false);
            var campaign = NewCampaign(session.TenantId);
            await session.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            var query = AudienceQuery(campaign) with { Limit = int.MaxValue };

            var ids = await session.Campaigns.ReadAudienceIdsAsync(query, None).ConfigureAwait(false);
            var customers = await session.Campaigns.ReadAudienceAsync(query with { Limit = 100 }, None).ConfigureAwait(false);
            Assert.Equal(customers.Select(c => c.Id), ids);
            Assert.Equal(eligible.Order(), ids.Order());
            Assert.Equal(2, (await session.Campaigns.ReadAudienceIdsAsync(query with { Limit = 2 }, None).ConfigureAwait(false)).Count);

            Assert.Equal(1, await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign.Id, ids[0], "default", null, Epoch)], None).ConfigureAwait(false));
            Assert.Equal(ids.Skip(1), await session.Campaigns.ReadAudienceIdsAsync(query, None).ConfigureAwait(false));
            Assert.Equal(ids.Skip(2), await session.Campaigns.ReadAudienceIdsAsync(query with { After = ids[1] }, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that pending recipients round-trip with their not-before time, that dispatch reads only pending rows due
    /// by the bound in not-before order with the customer's current row, consent and suppression (a customer who
    /// withdrew after the send, one suppressed by address, one gone), that completing marks each once, and the counts.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task DueRecipients_ComeWithConsentAndSuppressionNow_AndCompleteOnce()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = NewCampaign(session.TenantId);
            await session.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            var ada = await CustomerAsync(session, "ada", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var withdrew = await CustomerAsync(session, "withdrew", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var bounced = await CustomerAsync(session, "bounced", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var later = await CustomerAsync(session, "later", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var gone = Guid.NewGuid();
            CampaignRecipient Pending(Guid customer, string variant, int dueMinutes) =>
                new(campaign.Id, customer, variant, null, Epoch) { DueAt = Epoch.AddMinutes(dueMinutes) };

            Assert.Equal(5, await session.Campaigns.AddRecipientsAsync(
                [Pending(ada.Id, "A", 2), Pending(withdrew.Id, "B", 0), Pending(bounced.Id, "A", 1), Pending(gone, "B", 1), Pending(later.Id, "A", 10)], None).ConfigureAwait(false));
            Assert.Equal(0, await session.Campaigns.AddRecipientsAsync([Pending(ada.Id, "B", 0)], None).ConfigureAwait(false));
            var stored = await session.Campaigns.GetRecipientAsync(campaign.Id, ada.Id, None).ConfigureAwait(false);
            Assert.Equal(Pending(ada.Id, "A", 2), stored);
            Assert.Equal(CampaignRecipientStatus.Pending, stored!.Status);
            Assert.Equal(new CampaignRecipientCounts(5, 0, 0, 0, Epoch), await session.Campaigns.CountRecipientsAsync(campaign.Id, None).ConfigureAwait(false));

            // After the send: consent withdrawn (a later record), and the address suppressed in another case.
            await session.Privacy.AppendConsentAsync(new ConsentRecord(withdrew.Id, InteractionChannels.Email, "marketing", ConsentStatus.Withdrawn, "preferences", Epoch.AddHours(1)), None).ConfigureAwait(false);
            await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Bounced, Epoch) { Address = "BOUNCED@example.com" }, None).ConfigureAwait(false);
            await session.Customers.UpdateAsync(ada with { FirstName = "Ada-renamed", Version = ada.Version }, None).ConfigureAwait(false);

            var query = new CampaignDispatchQuery { CampaignId = campaign.Id, Channel = InteractionChannels.Email, Purpose = "marketing", DueBy = Epoch.AddMinutes(2), Limit = 3 };
            var first = await session.Campaigns.ReadDueRecipientsAsync(query, None).ConfigureAwait(false);

            // Due by +2 min, in due then customer order: withdrew (0), bounced and gone (1, by id), ada (2); limit 3.
            var byOne = new[] { bounced.Id, gone }.Order().ToArray();
            Assert.Equal([withdrew.Id, byOne[0], byOne[1]], first.Select(c => c.Recipient.CustomerId));
            var w = first[0];
            Assert.Equal((false, false, "B", Epoch), (w.HasConsent, w.Suppressed, w.Recipient.Variant, w.Recipient.DueAt));
            Assert.Equal("withdrew", w.Customer!.FirstName);
            var b = first.Single(c => c.Recipient.CustomerId == bounced.Id);
            Assert.Equal((true, true), (b.HasConsent, b.Suppressed));
            Assert.Null(first.Single(c => c.Recipient.CustomerId == gone).Customer);

            var messageId = Guid.NewGuid();
            var outcomes = first.Select(c => new CampaignRecipientOutcome(c.Recipient.CustomerId, CampaignRecipientStatus.Skipped, null, Epoch.AddMinutes(5))).ToList();
            Assert.Equal(3, await session.Campaigns.CompleteRecipientsAsync(campaign.Id, outcomes, None).ConfigureAwait(false));
            Assert.Equal(0, await session.Campaigns.CompleteRecipientsAsync(campaign.Id, outcomes, None).ConfigureAwait(false));

            var second = Assert.Single(await session.Campaigns.ReadDueRecipientsAsync(query, None).ConfigureAwait(false));
            Assert.Equal((ada.Id, true, false, "Ada-renamed"), (second.Recipient.CustomerId, second.HasConsent, second.Suppressed, second.Customer!.FirstName));
            Assert.Equal(1, await session.Campaigns.CompleteRecipientsAsync(campaign.Id, [new(ada.Id, CampaignRecipientStatus.Queued, messageId, Epoch.AddMinutes(5))], None).ConfigureAwait(false));
            Assert.Empty(await session.Campaigns.ReadDueRecipientsAsync(query, None).ConfigureAwait(false));
            Assert.Equal(
                Pending(ada.Id, "A", 2) with { MessageId = messageId, Status = CampaignRecipientStatus.Queued, CompletedAt = Epoch.AddMinutes(5) },
                await session.Campaigns.GetRecipientAsync(campaign.Id, ada.Id, None).ConfigureAwait(false));

            // 1 queued (ada), 3 skipped, 1 pending (later, due at +10 min); only queued recipients count as sent.
            Assert.Equal(new CampaignRecipientCounts(1, 1, 3, 0, Epoch.AddMinutes(10)), await session.Campaigns.CountRecipientsAsync(campaign.Id, None).ConfigureAwait(false));
            var sent = await session.Campaigns.CountByVariantAsync(campaign.Id, None).ConfigureAwait(false);
            Assert.Equal(("A", 1L), (Assert.Single(sent).Variant, sent[0].Sent));

            Assert.Equal(1, await session.Campaigns.CancelPendingRecipientsAsync(campaign.Id, Epoch.AddMinutes(6), None).ConfigureAwait(false));
            Assert.Equal(new CampaignRecipientCounts(0, 1, 3, 1, null), await session.Campaigns.CountRecipientsAsync(campaign.Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Campaigns.ReadDueRecipientsAsync(query with { DueBy = Epoch.AddDays(1) }, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that a recipient recorded with a message (as sends before dispatch did) is queued, not pending, and counts as sent.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task RecipientWithMessage_IsQueued_NotDispatchedAgain()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = NewCampaign(session.TenantId);
            await session.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            var customer = await CustomerAsync(session, "old", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign.Id, customer.Id, "default", Guid.NewGuid(), Epoch)], None).ConfigureAwait(false);

            var query = new CampaignDispatchQuery { CampaignId = campaign.Id, Channel = InteractionChannels.Email, Purpose = "marketing", DueBy = Epoch.AddDays(1) };
            Assert.Empty(await session.Campaigns.ReadDueRecipientsAsync(query, None).ConfigureAwait(false));
            Assert.Equal(new CampaignRecipientCounts(0, 1, 0, 0, null), await session.Campaigns.CountRecipientsAsync(campaign.Id, None).ConfigureAwait(false));
            Assert.Equal(1L, Assert.Single(await session.Campaigns.CountByVariantAsync(campaign.Id, None).ConfigureAwait(false)).Sent);
        }
    }
}
