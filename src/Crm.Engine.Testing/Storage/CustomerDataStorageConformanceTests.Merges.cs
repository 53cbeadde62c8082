using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class CustomerDataStorageConformanceTests<TFixture>
{
    /// <summary>Checks that the match keys of every customer of the tenant, and only those, are streamed with their names, company, addresses and phones.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Merges_ReadMatchKeys_StreamEveryCustomerOfTheTenantOnly()
    {
        var tenant = NewTenantId();
        var stored = new List<Customer>();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            stored.Add(await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant) with { Emails = ["zoe@example.com", "z.obrien@work.example"] }, None).ConfigureAwait(false));
            stored.Add(await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 1, AsOf) with { Phones = ["+4930123456"] }, None).ConfigureAwait(false));
            stored.Add(await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 2, AsOf) with { FirstName = "", Emails = [] }, None).ConfigureAwait(false));
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            await other.Customers.InsertAsync(ConformanceData.Customer(other.TenantId, 3, AsOf), None).ConfigureAwait(false);
        }

        var check = await OpenAsync(tenant).ConfigureAwait(false);
        await using (check.ConfigureAwait(false))
        {
            var keys = new List<CustomerMatchKeys>();
            await foreach (var key in check.Merges.ReadMatchKeysAsync(None).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            Assert.Equal(stored.Select(c => c.Id).Order(), keys.Select(k => k.Id).Order());
            foreach (var customer in stored)
            {
                var key = keys.Single(k => k.Id == customer.Id);
                Assert.Equal((customer.FirstName, customer.LastName, customer.Company), (key.FirstName, key.LastName, key.Company));
                Assert.Equal(customer.Emails, key.Emails);
                Assert.Equal(customer.Phones, key.Phones);
            }
        }
    }

    /// <summary>
    /// Checks that re-pointing moves every interaction, purchase (with its lines) and consent record of the merged
    /// customer to the survivor, counts before equal counts after, versions of moved records increase, the merged
    /// customer's stale RFM scores go, and a third customer is untouched.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Merges_Repoint_MovesEverythingOfTheMergedCustomerInTheTransaction()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var survivor = await SeedCustomerAsync(session, "Survivor", [("email", 1)], []).ConfigureAwait(false);
            var merged = await SeedCustomerAsync(session, "Merged", [("email", 2), ("phone", 3)], [(4, 10m), (5, 20m), (6, 30m)]).ConfigureAwait(false);
            var bystander = await SeedCustomerAsync(session, "Bystander", [("chat", 1)], [(1, 5m)]).ConfigureAwait(false);
            await session.Privacy.AppendConsentAsync(new ConsentRecord(merged.Id, "email", "marketing", ConsentStatus.Granted, "form", AsOf) { Actor = "user-1" }, None).ConfigureAwait(false);
            await session.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false);
            Assert.NotNull(await session.Segments.GetRfmAsync(merged.Id, None).ConfigureAwait(false));
            Assert.Equal((2L, 3L), await session.Merges.CountRelatedAsync(merged.Id, None).ConfigureAwait(false));
            Assert.Equal((1L, 0L), await session.Merges.CountRelatedAsync(survivor.Id, None).ConfigureAwait(false));

            for (var commit = 0; commit < 2; commit++)
            {
                var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    Assert.Equal((2L, 3L), await session.Merges.RepointAsync(merged.Id, survivor.Id, None).ConfigureAwait(false));
                    if (commit == 1)
                    {
                        await transaction.CommitAsync(None).ConfigureAwait(false);
                    }
                }

                if (commit == 0)
                {
                    Assert.Equal((2L, 3L), await session.Merges.CountRelatedAsync(merged.Id, None).ConfigureAwait(false));
                    Assert.Single(await session.Privacy.ListConsentAsync(merged.Id, None).ConfigureAwait(false));
                }
            }

            Assert.Equal((3L, 3L), await session.Merges.CountRelatedAsync(survivor.Id, None).ConfigureAwait(false));
            Assert.Equal((0L, 0L), await session.Merges.CountRelatedAsync(merged.Id, None).ConfigureAwait(false));
            Assert.Equal((1L, 1L), await session.Merges.CountRelatedAsync(bystander.Id, None).ConfigureAwait(false));

            var timeline = (await session.Interactions.GetTimelineAsync(survivor.Id, new PageRequest(10), None).ConfigureAwait(false)).Items;
            Assert.Equal([AsOf.AddDays(-1), AsOf.AddDays(-2), AsOf.AddDays(-3)], timeline.Select(i => i.OccurredAt));
            Assert.Equal([1L, 2L, 2L], timeline.Select(i => i.Version));
            var history = (await session.Purchases.ListByCustomerAsync(survivor.Id, new PageRequest(10), None).ConfigureAwait(false)).Items;
            Assert.Equal([10m, 20m, 30m], history.Select(p => p.Total));
            Assert.All(history, p => Assert.Equal((2L, 1), (p.Version, p.Lines.Count)));

            var consent = Assert.Single(await session.Privacy.ListConsentAsync(survivor.Id, None).ConfigureAwait(false));
            Assert.Equal((survivor.Id, "email", "marketing", ConsentStatus.Granted, "user-1"), (consent.CustomerId, consent.Channel, consent.Purpose, consent.Status, consent.Actor));
            Assert.Empty(await session.Privacy.ListConsentAsync(merged.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Segments.GetRfmAsync(merged.Id, None).ConfigureAwait(false));
            Assert.NotNull(await session.Segments.GetRfmAsync(bystander.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that merge records round-trip every field and are listed oldest first for their survivor and their merged customer.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Merges_Records_RoundTripAndListBySurvivorOrMergedOldestFirst()
    {
        var survivor = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var later = new MergeRecord(Guid.NewGuid(), survivor, first, AsOf.AddTicks(1234567), "user-1")
        {
            InteractionsMoved = 3,
            PurchasesMoved = 2,
            ParticipantsMoved = new Dictionary<string, long>(StringComparer.Ordinal) { ["deals"] = 4, ["loyalty-accounts"] = 0 },
            FieldSources = new Dictionary<string, string>(StringComparer.Ordinal) { ["firstName"] = "merged", ["emails"] = "both" },
            MergedSnapshotJson = """{ "lastName": "O'Brien",  "emails": ["a@example.com"] }""",
        };
        var earlier = new MergeRecord(Guid.NewGuid(), survivor, second, AsOf.AddDays(-1), "system");
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Merges.InsertRecordAsync(later, None).ConfigureAwait(false);
            await session.Merges.InsertRecordAsync(earlier, None).ConfigureAwait(false);

            var bySurvivor = await session.Merges.ListRecordsAsync(survivor, None).ConfigureAwait(false);
            Assert.Equal([earlier.Id, later.Id], bySurvivor.Select(r => r.Id));
            AssertSameRecord(earlier, bySurvivor[0]);
            AssertSameRecord(later, bySurvivor[1]);
            AssertSameRecord(later, Assert.Single(await session.Merges.ListRecordsAsync(first, None).ConfigureAwait(false)));
            Assert.Empty(await session.Merges.ListRecordsAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty(await other.Merges.ListRecordsAsync(survivor, None).ConfigureAwait(false));
        }
    }

    private static void AssertSameRecord(MergeRecord expected, MergeRecord actual)
    {
        Assert.Equal(
            (expected.Id, expected.SurvivorId, expected.MergedId, expected.MergedAt, expected.Actor, expected.InteractionsMoved, expected.PurchasesMoved, expected.MergedSnapshotJson),
            (actual.Id, actual.SurvivorId, actual.MergedId, actual.MergedAt, actual.Actor, actual.InteractionsMoved, actual.PurchasesMoved, actual.MergedSnapshotJson));
        Assert.Equal(expected.ParticipantsMoved.OrderBy(p => p.Key, StringComparer.Ordinal), actual.ParticipantsMoved.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.FieldSources.OrderBy(p => p.Key, StringComparer.Ordinal), actual.FieldSources.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
