using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Loyalty;
using Crm.Engine.Sales;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class CustomerDataStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that an erasure reaches the customers merged into the erased one at any depth (A merged into B, B into the
    /// erased C: A's interaction, audit values and snapshot) and every record kind that carries free text about the
    /// person: the deal's name and lost reason, the quote's line product names (the SKU stands in, totals unchanged),
    /// the loyalty entry's reason (points kept), the audit values of a deal's record, a customer-less message holding the
    /// customer's id and (JSON-escaped) name but not one holding only the id, a suppressed address. Amounts, points and the bystander's records stay.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Erase_MergeChainAndEveryRecordKind_ReachesMergedAwayCustomersAndFreeText()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var person = await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant), None).ConfigureAwait(false);
            var bystander = await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant) with { Emails = ["bystander@example.com"], ExternalId = "erp-other" }, None).ConfigureAwait(false);
            Guid twin = Guid.NewGuid(), elder = Guid.NewGuid();
            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), twin, elder, AsOf, "user-1") { MergedSnapshotJson = """{"lastName":"Elder Zoë","emails":["elder@example.com"]}""" }, None).ConfigureAwait(false);
            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), person.Id, twin, AsOf.AddDays(1), "user-1") { MergedSnapshotJson = """{"lastName":"Twin Zoë"}""" }, None).ConfigureAwait(false);
            // Left under the merged-away id (as a record written by a participant that did not re-point would be).
            await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, elder, AsOf) with { Subject = "Elder Zoë wrote" }, None).ConfigureAwait(false);
            await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, bystander.Id, AsOf), None).ConfigureAwait(false);

            var deal = await session.Sales.SaveDealAsync(new Deal
            {
                Id = Guid.NewGuid(), PipelineId = Guid.NewGuid(), CustomerId = person.Id, Name = "Zoë O'Brien renewal", Amount = 1234.5m, Currency = "EUR",
                StageId = "lost", Status = DealStatus.Lost, LostReason = "Zoë chose a competitor", CreatedAt = AsOf, UpdatedAt = AsOf,
            }, None).ConfigureAwait(false);
            var bystanderDeal = await session.Sales.SaveDealAsync(deal with { Id = Guid.NewGuid(), CustomerId = bystander.Id, Version = 0 }, None).ConfigureAwait(false);
            var quote = await session.Sales.SaveQuoteAsync(new Quote
            {
                Id = Guid.NewGuid(), CustomerId = person.Id, Currency = "EUR", CreatedAt = AsOf,
                Lines = [new QuoteLine("ENG-1", "Engraving: Zoë O'Brien", 2, 10m), new QuoteLine("SKU-2", "Widget", 1, 5m) { TaxRatePercent = 20m }],
            }, None).ConfigureAwait(false);
            await session.Loyalty.AppendAsync(new LoyaltyLedgerEntry { Id = Guid.NewGuid(), CustomerId = person.Id, Kind = LoyaltyEntryKind.Adjust, Points = 25, IdempotencyKey = "goodwill-" + tenant, Reason = "Goodwill for Zoë", OccurredAt = AsOf }, None).ConfigureAwait(false);
            await session.Audit.AppendAsync(
            [
                new AuditRecord { Id = Guid.NewGuid(), TenantId = tenant, OccurredAt = AsOf, Actor = "clerk", Origin = "direct", RecordType = nameof(Customer), RecordId = elder.ToString(), Action = "CustomerUpdated", CustomerId = elder, Changes = [new AuditFieldChange("lastName", null, "Elder Zoë")] },
                new AuditRecord { Id = Guid.NewGuid(), TenantId = tenant, OccurredAt = AsOf, Actor = "clerk", Origin = "direct", RecordType = nameof(Deal), RecordId = deal.Id.ToString(), Action = "DealUpdated", Changes = [new AuditFieldChange("name", null, deal.Name)] },
                new AuditRecord { Id = Guid.NewGuid(), TenantId = tenant, OccurredAt = AsOf, Actor = "clerk", Origin = "direct", RecordType = nameof(Deal), RecordId = bystanderDeal.Id.ToString(), Action = "DealUpdated", Changes = [new AuditFieldChange("name", null, deal.Name)] },
            ], None).ConfigureAwait(false);
            var delivery = await session.Outbox.EnqueueAsync(new OutboxMessage
            {
                Id = Guid.NewGuid(), TenantId = tenant, Channel = "webhook", Recipient = "https://erp.example/hook", TextBody = System.Text.Json.JsonSerializer.Serialize(new { @event = "customerUpdated", id = person.Id, firstName = person.FirstName }),
                IdempotencyKey = "hook-1", NextAttemptAt = AsOf.AddDays(30), CreatedAt = AsOf, UpdatedAt = AsOf,
            }, None).ConfigureAwait(false);
            var unrelated = await session.Outbox.EnqueueAsync(delivery with { Id = Guid.NewGuid(), IdempotencyKey = "hook-2", TextBody = $$"""{"id":"{{bystander.Id}}"}""" }, None).ConfigureAwait(false);
            // A customerMerged-style delivery: the person's id, no personal data; it stays (subscribers need it).
            var idsOnly = await session.Outbox.EnqueueAsync(delivery with { Id = Guid.NewGuid(), IdempotencyKey = "hook-3", TextBody = $$"""{"event":"customerMerged","survivorId":"{{person.Id}}"}""" }, None).ConfigureAwait(false);
            await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Unsubscribed, AsOf) { Address = "elder@example.com" }, None).ConfigureAwait(false);
            await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Unsubscribed, AsOf) { Address = "bystander@example.com" }, None).ConfigureAwait(false);

            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var stored = await session.Privacy.EraseAsync(new ErasureRecord(Guid.NewGuid(), person.Id, AsOf.AddDays(2), "dpo", "gdpr"), None).ConfigureAwait(false);
                Assert.Equal((1L, 2L), (stored.InteractionsAnonymized, stored.MergeSnapshotsRemoved)); // the elder's interaction; both snapshots of the chain
                await transaction.CommitAsync(None).ConfigureAwait(false);
            }

            await session.Privacy.PurgeAsync(None).ConfigureAwait(false);

            Assert.Null(Assert.Single((await session.Interactions.GetTimelineAsync(elder, PageRequest.First, None).ConfigureAwait(false)).Items).Subject);
            Assert.All(await session.Merges.ListRecordsAsync(twin, None).ConfigureAwait(false), r => Assert.Null(r.MergedSnapshotJson));
            var erasedDeal = (await session.Sales.GetDealAsync(deal.Id, None).ConfigureAwait(false))!;
            Assert.Equal(("", (string?)null, 1234.5m, DealStatus.Lost), (erasedDeal.Name, erasedDeal.LostReason, erasedDeal.Amount, erasedDeal.Status));
            Assert.Equal(deal.Name, (await session.Sales.GetDealAsync(bystanderDeal.Id, None).ConfigureAwait(false))!.Name);
            var erasedQuote = (await session.Sales.GetQuoteAsync(quote.Id, None).ConfigureAwait(false))!;
            Assert.Equal(["ENG-1", "SKU-2"], erasedQuote.Lines.Select(l => l.ProductName));
            Assert.Equal((quote.Totals.Net, quote.Totals.Tax, quote.Totals.Total), (erasedQuote.Totals.Net, erasedQuote.Totals.Tax, erasedQuote.Totals.Total));
            Assert.Equal(quote.Totals.LineNets, erasedQuote.Totals.LineNets);
            var entry = Assert.Single((await session.Loyalty.ListEntriesAsync(person.Id, PageRequest.First, None).ConfigureAwait(false)).Items);
            Assert.Equal(("", 25L, 25L), (entry.Reason, entry.Points, entry.BalanceAfter));
            Assert.Empty(Assert.Single((await session.Audit.QueryAsync(new AuditQuery { RecordType = nameof(Customer), RecordId = elder.ToString() }, None).ConfigureAwait(false)).Items).Changes);
            Assert.Empty(Assert.Single((await session.Audit.QueryAsync(new AuditQuery { RecordType = nameof(Deal), RecordId = deal.Id.ToString() }, None).ConfigureAwait(false)).Items).Changes);
            Assert.Single(Assert.Single((await session.Audit.QueryAsync(new AuditQuery { RecordType = nameof(Deal), RecordId = bystanderDeal.Id.ToString() }, None).ConfigureAwait(false)).Items).Changes);
            Assert.Null(await session.Outbox.GetAsync(delivery.Id, None).ConfigureAwait(false));
            Assert.NotNull(await session.Outbox.GetAsync(unrelated.Id, None).ConfigureAwait(false));
            Assert.NotNull(await session.Outbox.GetAsync(idsOnly.Id, None).ConfigureAwait(false));
            Assert.Equal(["bystander@example.com"], (await session.Campaigns.ListSuppressionsAsync(PageRequest.First, None).ConfigureAwait(false)).Items.Select(s => s.Address));
        }
    }
}
