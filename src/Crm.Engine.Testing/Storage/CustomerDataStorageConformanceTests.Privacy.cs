using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class CustomerDataStorageConformanceTests<TFixture>
{
    /// <summary>Checks that consent records are appended, listed oldest first with every field, and that the latest record per channel and purpose is the one in force.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Consent_AppendListLatest_LatestRecordPerChannelAndPurposeDecides()
    {
        var customer = Guid.NewGuid();
        var records = new[]
        {
            new ConsentRecord(customer, "email", "marketing", ConsentStatus.Granted, "signup-form", AsOf.AddTicks(3)) { Actor = "user-1" },
            new ConsentRecord(customer, "sms", "marketing", ConsentStatus.Granted, "signup-form", AsOf.AddDays(1)) { Actor = "system" },
            new ConsentRecord(customer, "email", "marketing", ConsentStatus.Withdrawn, "unsubscribe-link", AsOf.AddDays(2)) { Actor = "user-2" },
            new ConsentRecord(Guid.NewGuid(), "email", "marketing", ConsentStatus.Granted, "import", AsOf.AddDays(3)),
        };
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var record in records)
            {
                await session.Privacy.AppendConsentAsync(record, None).ConfigureAwait(false);
            }

            Assert.Equal(records[..3], await session.Privacy.ListConsentAsync(customer, None).ConfigureAwait(false));
            Assert.Equal(records[2], await session.Privacy.GetLatestConsentAsync(customer, "email", "marketing", None).ConfigureAwait(false));
            Assert.Equal(records[1], await session.Privacy.GetLatestConsentAsync(customer, "sms", "marketing", None).ConfigureAwait(false));
            Assert.Null(await session.Privacy.GetLatestConsentAsync(customer, "sms", "service", None).ConfigureAwait(false));
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty(await other.Privacy.ListConsentAsync(customer, None).ConfigureAwait(false));
            Assert.Null(await other.Privacy.GetLatestConsentAsync(customer, "email", "marketing", None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that an erasure, all or nothing in the session's transaction, removes the customer's personal data
    /// (profile, addresses and the email lookup, interaction content, merge snapshots, consent sources), keeps the anonymous
    /// facts (the row, country, purchases, interaction channels and times, consent decisions), logs itself with the counts, and leaves
    /// other customers and other tenants untouched.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Erase_InTransaction_RemovesPersonalDataKeepsAnonymousFactsAndLogs()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var person = await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant), None).ConfigureAwait(false);
            var bystander = await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant) with { Emails = ["bystander@example.com"], ExternalId = "erp-other" }, None).ConfigureAwait(false);
            foreach (var customer in new[] { person, bystander })
            {
                for (var i = 0; i < 2; i++)
                {
                    await session.Interactions.InsertAsync(ConformanceData.Interaction(tenant, customer.Id, AsOf.AddDays(-i), i == 0 ? "email" : "phone") with
                    {
                        Body = "Call me on +44 7700 900123. " + new string('x', 5_000),
                        ExternalId = $"<{i}.zoe@example.com>",
                        Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["from"] = "zoe@example.com" },
                    }, None).ConfigureAwait(false);
                    await session.Purchases.InsertAsync(ConformanceData.Purchase(tenant, customer.Id, AsOf.AddDays(-i), new PurchaseLine("sku", "Widget", 1, 10 + i)), None).ConfigureAwait(false);
                }
            }

            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), person.Id, Guid.NewGuid(), AsOf, "user-1") { MergedSnapshotJson = """{"lastName":"O'Brien"}""" }, None).ConfigureAwait(false);
            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), bystander.Id, person.Id, AsOf.AddDays(1), "user-1") { MergedSnapshotJson = """{"lastName":"Zoë"}""" }, None).ConfigureAwait(false);
            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), bystander.Id, Guid.NewGuid(), AsOf.AddDays(2), "user-1") { MergedSnapshotJson = """{"lastName":"Other"}""" }, None).ConfigureAwait(false);
            await session.Merges.InsertRecordAsync(new MergeRecord(Guid.NewGuid(), person.Id, Guid.NewGuid(), AsOf.AddDays(3), "user-1"), None).ConfigureAwait(false);
            var consent = new ConsentRecord(person.Id, "email", "marketing", ConsentStatus.Withdrawn, "unsubscribe-link", AsOf) { Actor = "user-1" };
            await session.Privacy.AppendConsentAsync(consent, None).ConfigureAwait(false);
            var request = new ErasureRecord(Guid.NewGuid(), person.Id, AsOf.AddDays(5).AddTicks(9), "dpo", "gdpr-art-17-request");

            ErasureRecord stored = null!;
            for (var commit = 0; commit < 2; commit++)
            {
                var transaction = await session.BeginTransactionAsync(None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    stored = await session.Privacy.EraseAsync(request, None).ConfigureAwait(false);
                    if (commit == 1)
                    {
                        await transaction.CommitAsync(None).ConfigureAwait(false);
                    }
                }

                if (commit == 0)
                {
                    AssertUnchanged(person, await session.Customers.GetAsync(person.Id, None).ConfigureAwait(false));
                    Assert.Empty(await session.Privacy.ListErasuresAsync(None).ConfigureAwait(false));
                }
            }

            await session.Privacy.PurgeAsync(None).ConfigureAwait(false);

            Assert.Equal(request with { InteractionsAnonymized = 2, PurchasesKept = 2, MergeSnapshotsRemoved = 2 }, stored);
            Assert.Equal(stored, Assert.Single(await session.Privacy.ListErasuresAsync(None).ConfigureAwait(false)));

            var erased = (await session.Customers.GetAsync(person.Id, None).ConfigureAwait(false))!;
            Assert.Equal(
                ("", "", (string?)null, (string?)null, 0, 0, 0, 0, (string?)null),
                (erased.FirstName, erased.LastName, erased.Company, erased.ExternalId, erased.Emails.Count, erased.Phones.Count, erased.Tags.Count, erased.Attributes.Count, erased.OwnerId));
            Assert.Equal(new Demographics { Country = person.Demographics.Country }, erased.Demographics);
            Assert.Equal((person.LifecycleStage, person.CreatedAt, person.Version + 1), (erased.LifecycleStage, erased.CreatedAt, erased.Version));
            Assert.Null(await session.Customers.FindByEmailAsync("zoe@example.com", None).ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByEmailAsync("Z.OBRIEN@work.example", None).ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByExternalIdAsync("erp-4711", None).ConfigureAwait(false));

            var timeline = (await session.Interactions.GetTimelineAsync(person.Id, PageRequest.First, None).ConfigureAwait(false)).Items;
            Assert.Equal([("email", AsOf), ("phone", AsOf.AddDays(-1))], timeline.Select(i => (i.Channel, i.OccurredAt)));
            Assert.All(timeline, i => Assert.Equal(((string?)null, (string?)null, (string?)null, 0, 2L), (i.Subject, i.Body, i.ExternalId, i.Metadata.Count, i.Version)));
            Assert.Equal([10m, 11m], (await session.Purchases.ListByCustomerAsync(person.Id, PageRequest.First, None).ConfigureAwait(false)).Items.Select(p => p.Total));
            Assert.Equal([consent with { Source = "erased" }], await session.Privacy.ListConsentAsync(person.Id, None).ConfigureAwait(false)); // the decision stays; its free-text source may name the person
            Assert.All(await session.Merges.ListRecordsAsync(person.Id, None).ConfigureAwait(false), r => Assert.Null(r.MergedSnapshotJson));
            Assert.Equal(1, await session.Segments.CountAsync(new StorageQuery
            {
                Filter = ConditionParser.Parse("""{"all":[{"field":"firstName","op":"eq","value":""},{"field":"purchaseCount","op":"eq","value":2},{"count":"interactions","where":{"field":"channel","op":"eq","value":"phone"},"op":"eq","value":1}]}""", SegmentFields.Customer),
                AsOf = AsOf,
            }, None).ConfigureAwait(false));

            AssertUnchanged(bystander, await session.Customers.GetAsync(bystander.Id, None).ConfigureAwait(false));
            Assert.Equal(bystander.Id, (await session.Customers.FindByEmailAsync("bystander@example.com", None).ConfigureAwait(false))?.Id);
            var untouched = (await session.Interactions.GetTimelineAsync(bystander.Id, PageRequest.First, None).ConfigureAwait(false)).Items;
            Assert.All(untouched, i => Assert.Equal(("Hello", 1L, "zoe@example.com"), (i.Subject, i.Version, i.Metadata["from"])));
            Assert.Equal("""{"lastName":"Other"}""", (await session.Merges.ListRecordsAsync(bystander.Id, None).ConfigureAwait(false)).Single(r => r.MergedId != person.Id).MergedSnapshotJson);
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty(await other.Privacy.ListErasuresAsync(None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that an erasure, re-pointing and an RFM run in another tenant's session change nothing of this tenant's customer.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Tenancy_OtherTenant_CannotEraseRepointOrRescore()
    {
        var owner = NewTenantId();
        Customer person;
        Customer survivor;
        var session = await OpenAsync(owner).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            person = await SeedCustomerAsync(session, "Person", [("email", 1)], [(1, 10m)]).ConfigureAwait(false);
            survivor = await SeedCustomerAsync(session, "Survivor", [], []).ConfigureAwait(false);
            await session.Privacy.AppendConsentAsync(new ConsentRecord(person.Id, "email", "news", ConsentStatus.Granted, "form", AsOf), None).ConfigureAwait(false);
            await session.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false);
        }

        var intruder = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (intruder.ConfigureAwait(false))
        {
            Assert.Equal((0L, 0L), await intruder.Merges.CountRelatedAsync(person.Id, None).ConfigureAwait(false));
            Assert.Equal((0L, 0L), await intruder.Merges.RepointAsync(person.Id, survivor.Id, None).ConfigureAwait(false));
            var erasure = await intruder.Privacy.EraseAsync(new ErasureRecord(Guid.NewGuid(), person.Id, AsOf, "intruder", "test"), None).ConfigureAwait(false);
            Assert.Equal((0L, 0L, 0L), (erasure.InteractionsAnonymized, erasure.PurchasesKept, erasure.MergeSnapshotsRemoved));
            Assert.Empty(await intruder.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false));
            Assert.Null(await intruder.Segments.GetRfmAsync(person.Id, None).ConfigureAwait(false));
        }

        var check = await OpenAsync(owner).ConfigureAwait(false);
        await using (check.ConfigureAwait(false))
        {
            AssertUnchanged(person, await check.Customers.GetAsync(person.Id, None).ConfigureAwait(false));
            Assert.Equal((1L, 1L), await check.Merges.CountRelatedAsync(person.Id, None).ConfigureAwait(false));
            Assert.Equal("Hello", (await check.Interactions.GetTimelineAsync(person.Id, PageRequest.First, None).ConfigureAwait(false)).Items.Single().Subject);
            Assert.Single(await check.Privacy.ListConsentAsync(person.Id, None).ConfigureAwait(false));
            Assert.NotNull(await check.Segments.GetRfmAsync(person.Id, None).ConfigureAwait(false));
            Assert.Empty(await check.Privacy.ListErasuresAsync(None).ConfigureAwait(false));
        }
    }

    /// <summary>Asserts that a customer still holds its personal data at the version it was read at.</summary>
    private static void AssertUnchanged(Customer expected, Customer? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Version, expected.FirstName, expected.LastName, expected.Company, expected.ExternalId, expected.Demographics, expected.OwnerId, expected.UpdatedAt.UtcTicks),
            (actual.Version, actual.FirstName, actual.LastName, actual.Company, actual.ExternalId, actual.Demographics, actual.OwnerId, actual.UpdatedAt.UtcTicks));
        Assert.Equal(expected.Emails, actual.Emails);
        Assert.Equal(expected.Phones, actual.Phones);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Attributes.Count, actual.Attributes.Count);
    }
}
