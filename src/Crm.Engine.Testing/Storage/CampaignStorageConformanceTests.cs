using Crm.Engine.Campaigns;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps campaigns as the campaign service needs: campaigns round-trip; the audience is
/// the filter's customers with consent in force for the channel and purpose, neither suppressed as customer nor by
/// address, not yet recipients, paged by id; recipients are unique per campaign; tracked events are one row per
/// campaign, customer and kind with repeats counted and amounts added; last-touch lookup honours the attribution
/// window; per-variant counts; the suppression list; association rules and recommendations against hand-computed
/// figures; tenant isolation.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteCampaignConformance(SqliteFixture fixture) : CampaignStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>Each test works in tenants of its own.</para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class CampaignStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Epoch = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected CampaignStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "cmp";

    /// <summary>Checks that every campaign field round-trips through insert, get, update and list, and that a duplicate id is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Campaign_RoundTripsEveryField()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var full = NewCampaign(session.TenantId) with
            {
                Name = "Früh\"jahr'; DROP TABLE campaigns; --",
                Variants = [new CampaignVariant("A", 30), new CampaignVariant("B", 70) { TemplateId = "promo-b" }],
                SendRatePerMinute = 120,
                AttributionWindow = TimeSpan.FromHours(36),
                Cost = 1234.5678m,
                LandingUrl = new Uri("https://shop.example.com/spring?utm=x"),
                Status = CampaignStatus.Scheduled,
                ScheduledAt = Epoch.AddDays(1),
                SentAt = Epoch.AddDays(2),
            };
            var minimal = NewCampaign(session.TenantId) with { Audience = CampaignAudience.Segment("vips"), CreatedAt = Epoch.AddMinutes(1) };
            await session.Campaigns.InsertAsync(full, None).ConfigureAwait(false);
            await session.Campaigns.InsertAsync(minimal, None).ConfigureAwait(false);

            AssertSame(full, await session.Campaigns.GetAsync(full.Id, None).ConfigureAwait(false));
            AssertSame(minimal, await session.Campaigns.GetAsync(minimal.Id, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Campaigns.InsertAsync(full, None)).ConfigureAwait(false);
            var changed = full with { Name = "Renamed", Status = CampaignStatus.Cancelled, Variants = [], UpdatedAt = Epoch.AddDays(3) };
            Assert.True(await session.Campaigns.UpdateAsync(changed, None).ConfigureAwait(false));
            AssertSame(changed, await session.Campaigns.GetAsync(full.Id, None).ConfigureAwait(false));
            Assert.False(await session.Campaigns.UpdateAsync(NewCampaign(session.TenantId), None).ConfigureAwait(false));
            Assert.Null(await session.Campaigns.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));

            var first = await session.Campaigns.ListAsync(new PageRequest(1), None).ConfigureAwait(false);
            Assert.Equal(minimal.Id, Assert.Single(first.Items).Id); // newest first
            var second = await session.Campaigns.ListAsync(new PageRequest(1, first.ContinuationToken), None).ConfigureAwait(false);
            Assert.Equal(full.Id, Assert.Single(second.Items).Id);
            Assert.False(second.HasMore);
        }
    }

    /// <summary>
    /// Checks that the audience holds exactly the filter's customers whose latest consent for the channel and purpose
    /// is granted, who are not suppressed (by customer or by address, case-insensitively) and not yet recipients, in
    /// id order and in pages, and that the counts explain who was left out.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Audience_LeavesOutNoConsent_Suppressed_AndRecipients()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var granted = new List<Customer>();
            for (var i = 0; i < 5; i++)
            {
                granted.Add(await CustomerAsync(session, $"ok{i}", "NL", ConsentStatus.Granted).ConfigureAwait(false));
            }

            var withdrawn = await CustomerAsync(session, "withdrawn", "NL", ConsentStatus.Granted, ConsentStatus.Withdrawn).ConfigureAwait(false);
            var regranted = await CustomerAsync(session, "regranted", "NL", ConsentStatus.Withdrawn, ConsentStatus.Granted).ConfigureAwait(false);
            _ = await CustomerAsync(session, "none", "NL").ConfigureAwait(false);
            var smsOnly = await CustomerAsync(session, "smsonly", "NL").ConfigureAwait(false);
            await session.Privacy.AppendConsentAsync(new ConsentRecord(smsOnly.Id, "sms", "marketing", ConsentStatus.Granted, "form", Epoch), None).ConfigureAwait(false);
            var byCustomer = await CustomerAsync(session, "bycustomer", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var byAddress = await CustomerAsync(session, "byaddress", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            var recipient = await CustomerAsync(session, "recipient", "NL", ConsentStatus.Granted).ConfigureAwait(false);
            _ = await CustomerAsync(session, "abroad", "DE", ConsentStatus.Granted).ConfigureAwait(false);
            await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Complained, Epoch) { CustomerId = byCustomer.Id }, None).ConfigureAwait(false);
            await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Bounced, Epoch) { Address = "BYADDRESS@example.com" }, None).ConfigureAwait(false);
            var campaign = NewCampaign(session.TenantId);
            await session.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            Assert.Equal(1, await session.Campaigns.AddRecipientsAsync([new CampaignRecipient(campaign.Id, recipient.Id, "default", Guid.NewGuid(), Epoch)], None).ConfigureAwait(false));

            var query = AudienceQuery(campaign) with { Limit = 2 };
            var read = new List<Customer>();
            while (true)
            {
                var batch = await session.Campaigns.ReadAudienceAsync(query, None).ConfigureAwait(false);
                Assert.True(batch.Count <= 2);
                read.AddRange(batch);
                if (batch.Count < 2)
                {
                    break;
                }

                query = query with { After = batch[^1].Id };
            }

            var expected = granted.Select(c => c.Id).Append(regranted.Id).ToHashSet();
            Assert.Equal(expected.Count, read.Count);
            Assert.Equal(expected, read.Select(c => c.Id).ToHashSet());
            Assert.DoesNotContain(read, c => c.Id == withdrawn.Id);
            Assert.Equal("ok0", read.Single(c => c.Id == granted[0].Id).FirstName); // whole customers come back

            // 12 Dutch customers: 3 without email marketing consent (withdrawn, none, sms only), 2 suppressed, 1 recipient, 6 eligible
            Assert.Equal(new CampaignAudienceCounts(12, 3, 2, 1, 6), await session.Campaigns.CountAudienceAsync(AudienceQuery(campaign), None).ConfigureAwait(false));
            var everyone = AudienceQuery(campaign) with { Filter = null };
            Assert.Equal(13, (await session.Campaigns.CountAudienceAsync(everyone, None).ConfigureAwait(false)).Members);
        }
    }

    /// <summary>Checks that recipients are unique per campaign, first row kept, and found by campaign and customer.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Recipients_AreUniquePerCampaign()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = Guid.NewGuid();
            var customer = Guid.NewGuid();
            var first = new CampaignRecipient(campaign, customer, "A", Guid.NewGuid(), Epoch);
            Assert.Equal(1, await session.Campaigns.AddRecipientsAsync([first], None).ConfigureAwait(false));
            Assert.Equal(1, await session.Campaigns.AddRecipientsAsync([first with { Variant = "B", MessageId = Guid.NewGuid() }, first with { CampaignId = Guid.NewGuid() }], None).ConfigureAwait(false));
            Assert.Equal(first, await session.Campaigns.GetRecipientAsync(campaign, customer, None).ConfigureAwait(false));
            Assert.Null(await session.Campaigns.GetRecipientAsync(campaign, Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks event recording (first occurrence reported once, repeats counted, amounts added, the recipient's variant
    /// preferred) and the per-variant aggregates against hand-computed figures.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Events_AreCountedPerVariant()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var campaign = NewCampaign(session.TenantId);
            await session.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            var (c1, c2, c3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            await session.Campaigns.AddRecipientsAsync(
                [new(campaign.Id, c1, "A", Guid.NewGuid(), Epoch), new(campaign.Id, c2, "A", Guid.NewGuid(), Epoch), new(campaign.Id, c3, "B", Guid.NewGuid(), Epoch)], None).ConfigureAwait(false);

            async Task<bool> Track(Guid customer, CampaignEventKind kind, int minutes, decimal amount = 0, string? variant = null) =>
                await session.Campaigns.RecordEventAsync(new CampaignTrackingEvent(campaign.Id, customer, kind, Epoch.AddMinutes(minutes)) { Amount = amount, Variant = variant }, None).ConfigureAwait(false);

            Assert.True(await Track(c1, CampaignEventKind.Delivered, 1).ConfigureAwait(false));
            Assert.True(await Track(c2, CampaignEventKind.Delivered, 1).ConfigureAwait(false));
            Assert.True(await Track(c3, CampaignEventKind.Delivered, 1).ConfigureAwait(false));
            Assert.True(await Track(c1, CampaignEventKind.Opened, 2).ConfigureAwait(false));
            Assert.False(await Track(c1, CampaignEventKind.Opened, 3).ConfigureAwait(false));
            Assert.False(await Track(c1, CampaignEventKind.Opened, 4).ConfigureAwait(false));
            Assert.True(await Track(c3, CampaignEventKind.Opened, 5, variant: "A").ConfigureAwait(false)); // recipient says B
            Assert.True(await Track(c3, CampaignEventKind.Clicked, 6).ConfigureAwait(false));
            Assert.True(await Track(c2, CampaignEventKind.Converted, 7, 19.99m).ConfigureAwait(false));
            Assert.False(await Track(c2, CampaignEventKind.Converted, 8, 5.01m).ConfigureAwait(false));
            Assert.True(await Track(c3, CampaignEventKind.Unsubscribed, 9).ConfigureAwait(false));
            Assert.True(await Track(Guid.NewGuid(), CampaignEventKind.Replied, 10, variant: "C").ConfigureAwait(false)); // no recipient row

            var counts = (await session.Campaigns.CountByVariantAsync(campaign.Id, None).ConfigureAwait(false)).ToDictionary(c => c.Variant);
            // A: 2 sent, 2 delivered, c1 opened 3 times, c2 converted twice for 19.99 + 5.01 = 25.00
            Assert.Equal(new CampaignVariantCounts("A", 2, 2, 0, 1, 3, 0, 0, 0, 0, 1, 25m), counts["A"]);
            Assert.Equal(new CampaignVariantCounts("B", 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0m), counts["B"]);
            Assert.Equal(new CampaignVariantCounts("C", 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0m), counts["C"]);
            Assert.Equal(3, counts.Count);
            Assert.Empty(await session.Campaigns.CountByVariantAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks last-touch lookup: the latest delivery or click not after the purchase, across campaigns, within the
    /// touching campaign's attribution window (inclusive), ignoring other kinds.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task LastTouch_HonoursTheWindow()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var week = NewCampaign(session.TenantId) with { AttributionWindow = TimeSpan.FromDays(7) };
            var day = NewCampaign(session.TenantId) with { AttributionWindow = TimeSpan.FromDays(1), Currency = "USD" };
            await session.Campaigns.InsertAsync(week, None).ConfigureAwait(false);
            await session.Campaigns.InsertAsync(day, None).ConfigureAwait(false);
            var customer = Guid.NewGuid();
            await session.Campaigns.AddRecipientsAsync([new(week.Id, customer, "A", Guid.NewGuid(), Epoch)], None).ConfigureAwait(false);
            await session.Campaigns.RecordEventAsync(new CampaignTrackingEvent(week.Id, customer, CampaignEventKind.Delivered, Epoch), None).ConfigureAwait(false);
            await session.Campaigns.RecordEventAsync(new CampaignTrackingEvent(day.Id, customer, CampaignEventKind.Clicked, Epoch.AddHours(2)) { Variant = "default" }, None).ConfigureAwait(false);
            await session.Campaigns.RecordEventAsync(new CampaignTrackingEvent(week.Id, customer, CampaignEventKind.Opened, Epoch.AddHours(3)), None).ConfigureAwait(false);

            Assert.Null(await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddMinutes(-1), None).ConfigureAwait(false));
            Assert.Equal(new CampaignTouch(week.Id, "A", "EUR", Epoch), await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddHours(1), None).ConfigureAwait(false));
            Assert.Equal(new CampaignTouch(day.Id, "default", "USD", Epoch.AddHours(2)), await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddHours(4), None).ConfigureAwait(false));
            Assert.Equal(day.Id, (await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddHours(26), None).ConfigureAwait(false))!.CampaignId); // window edge
            Assert.Equal(week.Id, (await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddHours(27), None).ConfigureAwait(false))!.CampaignId);
            Assert.Equal(week.Id, (await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddDays(7), None).ConfigureAwait(false))!.CampaignId);
            Assert.Null(await session.Campaigns.FindLastTouchAsync(customer, Epoch.AddDays(7).AddTicks(1), None).ConfigureAwait(false));
            Assert.Null(await session.Campaigns.FindLastTouchAsync(Guid.NewGuid(), Epoch.AddHours(1), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks adding (new or replacing), listing (newest first, paged) and removing suppression list entries.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Suppressions_AddListRemove()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = Guid.NewGuid();
            Assert.True(await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Manual, Epoch) { CustomerId = customer }, None).ConfigureAwait(false));
            Assert.True(await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Bounced, Epoch.AddMinutes(1)) { Address = "ada@example.com" }, None).ConfigureAwait(false));
            Assert.False(await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Unsubscribed, Epoch.AddMinutes(2)) { CustomerId = customer }, None).ConfigureAwait(false));

            var first = await session.Campaigns.ListSuppressionsAsync(new PageRequest(1), None).ConfigureAwait(false);
            Assert.Equal(new Suppression(SuppressionReason.Unsubscribed, Epoch.AddMinutes(2)) { CustomerId = customer }, Assert.Single(first.Items));
            var second = await session.Campaigns.ListSuppressionsAsync(new PageRequest(1, first.ContinuationToken), None).ConfigureAwait(false);
            Assert.Equal(new Suppression(SuppressionReason.Bounced, Epoch.AddMinutes(1)) { Address = "ada@example.com" }, Assert.Single(second.Items));
            Assert.False(second.HasMore);

            Assert.True(await session.Campaigns.RemoveSuppressionAsync(new Suppression(SuppressionReason.Manual, Epoch) { Address = "ada@example.com" }, None).ConfigureAwait(false));
            Assert.False(await session.Campaigns.RemoveSuppressionAsync(new Suppression(SuppressionReason.Manual, Epoch) { Address = "ada@example.com" }, None).ConfigureAwait(false));
            Assert.Single((await session.Campaigns.ListSuppressionsAsync(PageRequest.First, None).ConfigureAwait(false)).Items);
        }
    }

    /// <summary>
    /// Checks association rules over six purchases against hand-computed support, confidence and lift, with a SKU
    /// repeated within one purchase counted once, and the thresholds applied.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task AssociationRules_MatchHandComputedFigures()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await BasketsAsync(session).ConfigureAwait(false);

            var summary = await session.Recommendations.ComputeRulesAsync(new AssociationRuleOptions { MinSupport = 0.3, MinConfidence = 0.6, MinPairCount = 2 }, Epoch, None).ConfigureAwait(false);

            // 6 purchases; A in 4, B in 4, C in 3, D in 1; pairs AB 3, AC 2, BC 2.
            // A→B and B→A: support 3/6 = 0.5, confidence 3/4 = 0.75, lift 0.75 / (4/6) = 1.125
            // C→A and C→B: support 2/6, confidence 2/3, lift (2/3) / (4/6) = 1.0; A→C, B→C have confidence 2/4 = 0.5 < 0.6
            Assert.Equal(new AssociationRuleSummary(Epoch, 6, 4), summary);
            var rules = await session.Recommendations.ListRulesAsync(null, 10, None).ConfigureAwait(false);
            Assert.Equal(["A→B", "B→A", "C→A", "C→B"], rules.Select(r => r.Antecedent + "→" + r.Consequent));
            AssertRule(rules[0], 3, 0.5, 0.75, 1.125);
            AssertRule(rules[2], 2, 2 / 6.0, 2 / 3.0, 1.0);
            Assert.Equal(["C→A", "C→B"], (await session.Recommendations.ListRulesAsync("C", 10, None).ConfigureAwait(false)).Select(r => r.Antecedent + "→" + r.Consequent));

            // Recomputing replaces the rules: with support ≥ 0.5 only A→B and B→A remain.
            var strict = await session.Recommendations.ComputeRulesAsync(new AssociationRuleOptions { MinSupport = 0.5, MinConfidence = 0, MinPairCount = 1 }, Epoch, None).ConfigureAwait(false);
            Assert.Equal(2, strict.Rules);
        }
    }

    /// <summary>
    /// Checks next-best-product: consequents of the customer's SKUs by highest lift, then confidence, never a SKU the
    /// customer owns; nothing for a customer whose SKUs have no rules.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Recommend_PicksStrongestUnownedConsequents()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customers = await BasketsAsync(session).ConfigureAwait(false);
            await session.Recommendations.ComputeRulesAsync(new AssociationRuleOptions { MinSupport = 0.3, MinConfidence = 0.5, MinPairCount = 2 }, Epoch, None).ConfigureAwait(false);

            // Customer 3 bought {A, C}: B via A→B (lift 1.125, confidence 0.75) beats B via C→B (lift 1.0).
            Assert.Equal(
                [new ProductRecommendation("B", "A", 1.125, 0.75)],
                (await session.Recommendations.RecommendAsync(customers[2], 5, None).ConfigureAwait(false)).Select(Rounded));
            // Customer 1 bought {A, B}: C via A→C or B→C (both lift 1.0, confidence 0.5); the tie goes to antecedent A.
            Assert.Equal(
                [new ProductRecommendation("C", "A", 1.0, 0.5)],
                (await session.Recommendations.RecommendAsync(customers[0], 5, None).ConfigureAwait(false)).Select(Rounded));
            Assert.Empty(await session.Recommendations.RecommendAsync(customers[1], 5, None).ConfigureAwait(false)); // owns A, B, C
            Assert.Empty(await session.Recommendations.RecommendAsync(customers[5], 5, None).ConfigureAwait(false)); // owns only D
        }
    }

    /// <summary>Checks that another tenant sees none of a tenant's campaigns, recipients, events, suppressions or rules.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenants_AreIsolated()
    {
        var campaign = NewCampaign("");
        var owner = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (owner.ConfigureAwait(false))
        {
            campaign = campaign with { TenantId = owner.TenantId };
            await owner.Campaigns.InsertAsync(campaign, None).ConfigureAwait(false);
            await owner.Campaigns.AddRecipientsAsync([new(campaign.Id, Guid.NewGuid(), "A", Guid.NewGuid(), Epoch)], None).ConfigureAwait(false);
            await owner.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Manual, Epoch) { Address = "x@example.com" }, None).ConfigureAwait(false);
            await BasketsAsync(owner).ConfigureAwait(false);
            await owner.Recommendations.ComputeRulesAsync(new AssociationRuleOptions { MinSupport = 0, MinConfidence = 0, MinPairCount = 1 }, Epoch, None).ConfigureAwait(false);
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Campaigns.GetAsync(campaign.Id, None).ConfigureAwait(false));
            Assert.Empty((await other.Campaigns.ListAsync(PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Empty(await other.Campaigns.CountByVariantAsync(campaign.Id, None).ConfigureAwait(false));
            Assert.Empty((await other.Campaigns.ListSuppressionsAsync(PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Empty(await other.Recommendations.ListRulesAsync(null, 10, None).ConfigureAwait(false));
            Assert.Equal(0, (await other.Recommendations.ComputeRulesAsync(new AssociationRuleOptions(), Epoch, None).ConfigureAwait(false)).Purchases);
        }
    }

    /// <summary>Creates a campaign record as the service would store it.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The campaign.</returns>
    protected static Campaign NewCampaign(string tenantId) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        Name = "Spring",
        Channel = InteractionChannels.Email,
        TemplateId = "promo",
        Audience = CampaignAudience.Condition("""{"field":"country","op":"eq","value":"NL"}"""),
        Currency = "EUR",
        CreatedAt = Epoch,
        UpdatedAt = Epoch,
    };

    private static CampaignAudienceQuery AudienceQuery(Campaign campaign) => new()
    {
        CampaignId = campaign.Id,
        Channel = InteractionChannels.Email,
        Purpose = "marketing",
        Filter = ConditionBinder.Bind(new ComparisonCondition("country", ComparisonOperator.Eq, new StringValue("NL")), SegmentFields.Customer),
        AsOf = Epoch,
    };

    private static async Task<Customer> CustomerAsync(IStorageSession session, string name, string country, params ConsentStatus[] consents)
    {
        var customer = await session.Customers.InsertAsync(new Customer
        {
            Id = Guid.NewGuid(),
            TenantId = session.TenantId,
            FirstName = name,
            LastName = "Tester",
            Emails = [name + "@Example.com"],
            Demographics = new Demographics { Country = country },
            CreatedAt = Epoch,
            UpdatedAt = Epoch,
        }, None).ConfigureAwait(false);
        var at = Epoch;
        foreach (var consent in consents)
        {
            at = at.AddMinutes(1);
            await session.Privacy.AppendConsentAsync(new ConsentRecord(customer.Id, InteractionChannels.Email, "marketing", consent, "form", at), None).ConfigureAwait(false);
        }

        return customer;
    }

    /// <summary>Stores six purchases of six customers: {A,B,A}, {A,B,C}, {A,C}, {B,C}, {A,B}, {D}.</summary>
    private static async Task<Guid[]> BasketsAsync(IStorageSession session)
    {
        string[][] baskets = [["A", "B", "A"], ["A", "B", "C"], ["A", "C"], ["B", "C"], ["A", "B"], ["D"]];
        var customers = new Guid[baskets.Length];
        for (var i = 0; i < baskets.Length; i++)
        {
            customers[i] = Guid.NewGuid();
            await session.Purchases.InsertAsync(new Purchase
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                CustomerId = customers[i],
                PurchasedAt = Epoch.AddDays(-i),
                Currency = "EUR",
                Lines = [.. baskets[i].Select(sku => new PurchaseLine(sku, "Product " + sku, 1, 10m))],
                CreatedAt = Epoch,
            }, None).ConfigureAwait(false);
        }

        return customers;
    }

    private static ProductRecommendation Rounded(ProductRecommendation r) => r with { Lift = Math.Round(r.Lift, 9), Confidence = Math.Round(r.Confidence, 9) };

    private static void AssertRule(AssociationRule rule, long pairs, double support, double confidence, double lift)
    {
        Assert.Equal(pairs, rule.PairCount);
        Assert.Equal(support, rule.Support, 9);
        Assert.Equal(confidence, rule.Confidence, 9);
        Assert.Equal(lift, rule.Lift, 9);
    }

    private static void AssertSame(Campaign expected, Campaign? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Variants, actual.Variants);
        Assert.Equal(expected.Audience, actual.Audience);
        Assert.Equal(expected with { Variants = actual.Variants }, actual);
    }
}
