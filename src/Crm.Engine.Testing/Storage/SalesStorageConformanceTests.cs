using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider keeps sales records as the sales services need: every field of leads, pipelines,
/// deals, quotes and orders round-trips; updates compare and swap on the version (so a quote is accepted once);
/// duplicates are refused; stage history is kept in order; the forecast and KPI sums are computed correctly; deals move
/// between customers on a merge; writes join the session's transaction; tenants are isolated.
/// </summary>
/// <remarks>
/// <para>Enroll a provider with one line:</para>
/// <code>public sealed class SqliteSalesConformance(SqliteFixture fixture) : SalesStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// <para>Every test works in tenants of its own.</para>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class SalesStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2030, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected SalesStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "sales";

    /// <summary>Checks every field of a lead profile round-trips, updates compare and swap, and a second insert is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Lead_RoundTripsAndComparesAndSwaps()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var lead = NewLead(Guid.NewGuid(), 42.1234m) with
            {
                Bant = new BantQualification(5_000.5m, "EUR", true, "Zoë's \"need\"; DROP TABLE sales_leads", new DateOnly(2030, 6, 30)),
                ScoredAt = T0.AddTicks(7),
                AboveThreshold = true,
                QualifiedAt = T0.AddHours(1),
                ConvertedAt = T0.AddHours(2),
                DealId = Guid.NewGuid(),
                OwnerId = "alice",
                TeamId = "emea",
            };

            var stored = await session.Sales.SaveLeadAsync(lead, None).ConfigureAwait(false);
            Assert.Equal(lead with { TenantId = tenant, Version = 1 }, stored);
            Assert.Equal(stored, await session.Sales.GetLeadAsync(lead.Id, None).ConfigureAwait(false));

            var updated = await session.Sales.SaveLeadAsync(stored with { Score = 7m }, None).ConfigureAwait(false);
            Assert.Equal(2, updated.Version);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Sales.SaveLeadAsync(stored with { Score = 8m }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Sales.SaveLeadAsync(lead, None)).ConfigureAwait(false);
            Assert.Equal(7m, (await session.Sales.GetLeadAsync(lead.Id, None).ConfigureAwait(false))!.Score);
            Assert.Null(await session.Sales.GetLeadAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks leads list by score (highest first) across pages, and a deleted lead is gone.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Leads_ListByScorePagedAndDelete()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            decimal[] scores = [5m, 50.5m, 12m, 50.5m, 0m];
            var ids = new List<Guid>();
            foreach (var score in scores)
            {
                var lead = await session.Sales.SaveLeadAsync(NewLead(Guid.NewGuid(), score), None).ConfigureAwait(false);
                ids.Add(lead.Id);
            }

            var seen = new List<decimal>();
            var page = new PageRequest(2);
            while (true)
            {
                var result = await session.Sales.ListLeadsAsync(page, None).ConfigureAwait(false);
                seen.AddRange(result.Items.Select(l => l.Score));
                if (result.ContinuationToken is null)
                {
                    break;
                }

                page = page with { ContinuationToken = result.ContinuationToken };
            }

            Assert.Equal([50.5m, 50.5m, 12m, 5m, 0m], seen);
            Assert.True(await session.Sales.DeleteLeadAsync(ids[0], None).ConfigureAwait(false));
            Assert.False(await session.Sales.DeleteLeadAsync(ids[0], None).ConfigureAwait(false));
            Assert.Null(await session.Sales.GetLeadAsync(ids[0], None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks a pipeline's stages round-trip in order.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Pipeline_RoundTripsStagesInOrder()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = NewPipeline();
            var stored = await session.Sales.SavePipelineAsync(pipeline, None).ConfigureAwait(false);
            var read = await session.Sales.GetPipelineAsync(pipeline.Id, None).ConfigureAwait(false);

            Assert.NotNull(read);
            Assert.Equal(pipeline.Stages, read.Stages);
            Assert.Equal((tenant, 1L, pipeline.Name, pipeline.CreatedAt), (read.TenantId, read.Version, read.Name, read.CreatedAt));
            Assert.Equal(2, (await session.Sales.SavePipelineAsync(stored with { Name = "Renamed" }, None).ConfigureAwait(false)).Version);
        }
    }

    /// <summary>Checks every field of a deal round-trips and updates compare and swap.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Deal_RoundTripsAndComparesAndSwaps()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var deal = NewDeal(Guid.NewGuid(), Guid.NewGuid(), 12_345.6789m) with
            {
                StageId = "lost",
                Status = DealStatus.Lost,
                Probability = 12.5m,
                OwnerId = "bob",
                TeamId = "emea",
                ExpectedCloseDate = new DateOnly(2030, 12, 31),
                SourceCampaignId = Guid.NewGuid(),
                LeadId = Guid.NewGuid(),
                LostReason = "price",
                ClosedAt = T0.AddDays(3).AddTicks(1),
            };

            var stored = await session.Sales.SaveDealAsync(deal, None).ConfigureAwait(false);
            Assert.Equal(deal with { TenantId = tenant, Version = 1 }, stored);
            Assert.Equal(stored, await session.Sales.GetDealAsync(deal.Id, None).ConfigureAwait(false));

            var updated = await session.Sales.SaveDealAsync(stored with { Amount = 1m }, None).ConfigureAwait(false);
            Assert.Equal(2, updated.Version);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Sales.SaveDealAsync(stored with { Amount = 2m }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmNotFoundException>(() => session.Sales.SaveDealAsync(stored with { Id = Guid.NewGuid() }, None)).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Sales.SaveDealAsync(deal, None)).ConfigureAwait(false);
            Assert.Equal(updated, await session.Sales.GetDealAsync(deal.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks deal listings filter by pipeline, customer, owner, status and stage, and page by creation time.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Deals_ListFiltersAndPages()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = Guid.NewGuid();
            var customer = Guid.NewGuid();
            for (var i = 0; i < 5; i++)
            {
                await session.Sales.SaveDealAsync(NewDeal(pipeline, i < 4 ? customer : Guid.NewGuid(), i) with
                {
                    CreatedAt = T0.AddMinutes(i),
                    OwnerId = i % 2 == 0 ? "alice" : null,
                    StageId = i == 3 ? "won" : "prospecting",
                    Status = i == 3 ? DealStatus.Won : DealStatus.Open,
                }, None).ConfigureAwait(false);
            }

            await session.Sales.SaveDealAsync(NewDeal(Guid.NewGuid(), customer, 99m), None).ConfigureAwait(false);

            var first = await session.Sales.ListDealsAsync(new DealQuery { PipelineId = pipeline, Page = new PageRequest(3) }, None).ConfigureAwait(false);
            var second = await session.Sales.ListDealsAsync(new DealQuery { PipelineId = pipeline, Page = new PageRequest(3, first.ContinuationToken) }, None).ConfigureAwait(false);
            Assert.Equal([0m, 1m, 2m], first.Items.Select(d => d.Amount));
            Assert.Equal([3m, 4m], second.Items.Select(d => d.Amount));
            Assert.Null(second.ContinuationToken);

            Assert.Equal([0m, 2m], await AmountsAsync(session, new DealQuery { PipelineId = pipeline, CustomerId = customer, OwnerId = "alice" }).ConfigureAwait(false));
            Assert.Equal([3m], await AmountsAsync(session, new DealQuery { PipelineId = pipeline, Status = DealStatus.Won }).ConfigureAwait(false));
            Assert.Equal([0m, 1m, 2m, 4m], await AmountsAsync(session, new DealQuery { PipelineId = pipeline, StageId = "prospecting" }).ConfigureAwait(false));
            Assert.Equal(5, (await session.Sales.ListDealsAsync(new DealQuery { CustomerId = customer }, None).ConfigureAwait(false)).Items.Count);
        }
    }

    /// <summary>Checks stage history is kept by sequence with every field, and a repeated sequence is refused.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task StageHistory_KeptInOrder_DuplicateSequenceRefused()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var deal = Guid.NewGuid();
            DealStageChange[] changes =
            [
                new(deal, 2, "prospecting", "proposal", 2, T0.AddDays(1).AddTicks(3), "workflow:abc"),
                new(deal, 1, null, "prospecting", 0, T0, "alice"),
            ];
            foreach (var change in changes)
            {
                await session.Sales.AppendStageChangeAsync(change, None).ConfigureAwait(false);
            }

            Assert.Equal([changes[1], changes[0]], await session.Sales.GetStageHistoryAsync(deal, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Sales.AppendStageChangeAsync(changes[0] with { ToStageId = "won" }, None)).ConfigureAwait(false);
            Assert.Empty(await session.Sales.GetStageHistoryAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks a quote round-trips, and of two updates from the same version only the first applies (accept once).</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Quote_RoundTrips_SecondAcceptanceFromSameVersionRefused()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var quote = new Quote
            {
                Id = Guid.NewGuid(),
                CustomerId = Guid.NewGuid(),
                DealId = Guid.NewGuid(),
                Currency = "EUR",
                DiscountPercent = 2.5m,
                ValidUntil = new DateOnly(2030, 4, 1),
                CreatedAt = T0,
                Lines = [new QuoteLine("A", "Widget", 1.5m, 19.9999m) { DiscountPercent = 10, TaxRatePercent = 20, Category = "hardware" }, new QuoteLine("B", "Zoë", 1, 0m)],
            };
            var stored = await session.Sales.SaveQuoteAsync(quote, None).ConfigureAwait(false);
            var read = await session.Sales.GetQuoteAsync(quote.Id, None).ConfigureAwait(false);
            Assert.NotNull(read);
            Assert.Equal(quote.Lines, read.Lines);
            Assert.Equal((tenant, 1L, quote.DealId, quote.ValidUntil, 2.5m, QuoteStatus.Open), (read.TenantId, read.Version, read.DealId, read.ValidUntil, read.DiscountPercent, read.Status));

            var accepted = await session.Sales.SaveQuoteAsync(stored with { Status = QuoteStatus.Accepted, OrderId = Guid.NewGuid(), ClosedAt = T0.AddDays(1) }, None).ConfigureAwait(false);
            await Assert.ThrowsAsync<CrmConcurrencyException>(() => session.Sales.SaveQuoteAsync(stored with { Status = QuoteStatus.Accepted, OrderId = Guid.NewGuid() }, None)).ConfigureAwait(false);
            Assert.Equal(accepted.OrderId, (await session.Sales.GetQuoteAsync(quote.Id, None).ConfigureAwait(false))!.OrderId);
        }
    }

    /// <summary>Checks orders round-trip and a quote gets at most one order.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Order_RoundTrips_OnePerQuote()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var order = NewOrder(Guid.NewGuid());
            var stored = await session.Sales.InsertOrderAsync(order, None).ConfigureAwait(false);

            Assert.Equal(order with { TenantId = tenant, Version = 1 }, stored);
            Assert.Equal(stored, await session.Sales.GetOrderAsync(order.Id, None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmDuplicateException>(() => session.Sales.InsertOrderAsync(NewOrder(order.QuoteId), None)).ConfigureAwait(false);
            Assert.Null(await session.Sales.GetOrderAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks a merge moves every deal of the merged customer (and only those) to the survivor.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task RepointDeals_MovesOnlyTheMergedCustomersDeals()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var (survivor, merged, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            var a = await session.Sales.SaveDealAsync(NewDeal(Guid.NewGuid(), merged, 1m), None).ConfigureAwait(false);
            await session.Sales.SaveDealAsync(NewDeal(Guid.NewGuid(), merged, 2m), None).ConfigureAwait(false);
            var untouched = await session.Sales.SaveDealAsync(NewDeal(Guid.NewGuid(), other, 3m), None).ConfigureAwait(false);

            Assert.Equal(2, await session.Sales.RepointDealsAsync(survivor, merged, T0.AddDays(1), None).ConfigureAwait(false));

            var moved = await session.Sales.GetDealAsync(a.Id, None).ConfigureAwait(false);
            Assert.Equal((survivor, 2L, T0.AddDays(1)), (moved!.CustomerId, moved.Version, moved.UpdatedAt));
            Assert.Equal(2, (await session.Sales.ListDealsAsync(new DealQuery { CustomerId = survivor }, None).ConfigureAwait(false)).Items.Count);
            Assert.Equal(untouched, await session.Sales.GetDealAsync(untouched.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks sales writes join the session's transaction (a rollback undoes them) and tenants do not see each other's records.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Writes_JoinTheTransaction_AndTenantsAreIsolated()
    {
        var deal = NewDeal(Guid.NewGuid(), Guid.NewGuid(), 5m);
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await session.Sales.SaveDealAsync(deal, None).ConfigureAwait(false);
                await session.Sales.AppendStageChangeAsync(new DealStageChange(deal.Id, 1, null, "prospecting", 0, T0, null), None).ConfigureAwait(false);
                await transaction.RollbackAsync(None).ConfigureAwait(false);
            }

            Assert.Null(await session.Sales.GetDealAsync(deal.Id, None).ConfigureAwait(false));
            Assert.Empty(await session.Sales.GetStageHistoryAsync(deal.Id, None).ConfigureAwait(false));
            await session.Sales.SaveDealAsync(deal, None).ConfigureAwait(false);
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Null(await other.Sales.GetDealAsync(deal.Id, None).ConfigureAwait(false));
            Assert.Empty((await other.Sales.ListDealsAsync(new DealQuery { PipelineId = deal.PipelineId }, None).ConfigureAwait(false)).Items);

            // The same identifier in another tenant is another record.
            Assert.Equal(1, (await other.Sales.SaveDealAsync(deal, None).ConfigureAwait(false)).Version);
        }
    }

    private static async Task<IReadOnlyList<decimal>> AmountsAsync(IStorageSession session, DealQuery query) =>
        [.. (await session.Sales.ListDealsAsync(query, None).ConfigureAwait(false)).Items.Select(d => d.Amount)];

    private static LeadProfile NewLead(Guid id, decimal score) => new()
    {
        Id = id,
        Source = new LeadSource(LeadSourceKind.WebForm, "web", Guid.NewGuid(), "contact"),
        Score = score,
        CreatedAt = T0,
        UpdatedAt = T0.AddMinutes(1),
    };

    private static Pipeline NewPipeline() => new()
    {
        Id = Guid.NewGuid(),
        Name = "New business",
        CreatedAt = T0,
        Stages =
        [
            new("prospecting", "Prospecting", 10),
            new("qualification", "Qualification", 25),
            new("proposal", "Proposal", 50),
            new("negotiation", "Negotiation", 75),
            new("won", "Won", 100, DealStatus.Won),
            new("lost", "Lost", 0, DealStatus.Lost),
        ],
    };

    private static Deal NewDeal(Guid pipelineId, Guid customerId, decimal amount) => new()
    {
        Id = Guid.NewGuid(),
        PipelineId = pipelineId,
        CustomerId = customerId,
        Name = "Deal " + amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Amount = amount,
        Currency = "EUR",
        StageId = "prospecting",
        Probability = 10,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static Order NewOrder(Guid quoteId) => new()
    {
        Id = Guid.NewGuid(),
        QuoteId = quoteId,
        CustomerId = Guid.NewGuid(),
        DealId = Guid.NewGuid(),
        PurchaseId = Guid.NewGuid(),
        OrderNumber = "SO-1",
        Currency = "EUR",
        Net = 60.78m,
        Tax = 10.92m,
        Total = 71.70m,
        CreatedAt = T0,
    };
}
