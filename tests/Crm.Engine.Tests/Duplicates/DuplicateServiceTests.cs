using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Duplicates;

public sealed class DuplicateServiceTests
{
    [Fact]
    public async Task FindDuplicatesAsync_ExactAndFuzzy_FindsEachPairOnce()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var a = await crm.Customers.CreateAsync(new Customer { FirstName = "Jonathan", LastName = "Smith", Company = "Acme GmbH", Emails = ["jon@acme.example"] });
        var b = await crm.Customers.CreateAsync(new Customer { FirstName = "Jonathon", LastName = "Smith", Company = "ACME GmbH" });
        var c = await crm.Customers.CreateAsync(new Customer { FirstName = "J.", LastName = "Smith-Jones", Emails = ["JON@acme.example"] });
        var d = await crm.Customers.CreateAsync(new Customer { FirstName = "Maria", LastName = "Garcia", Phones = ["+34 612 345 678"] });
        var e = await crm.Customers.CreateAsync(new Customer { FirstName = "Mario", LastName = "Rossi", Phones = ["+34612345678"] });
        await crm.Customers.CreateAsync(new Customer { FirstName = "Peter", LastName = "Schmidt" });

        var matches = await crm.Duplicates.FindDuplicatesAsync();

        var pairs = matches.Select(m => (m.Reason, Ids: new HashSet<Guid> { m.FirstId, m.SecondId })).ToList();
        Assert.Equal(3, pairs.Count);
        Assert.Contains(pairs, p => p.Reason == "email" && p.Ids.SetEquals([a.Id, c.Id]));
        Assert.Contains(pairs, p => p.Reason == "phone" && p.Ids.SetEquals([d.Id, e.Id]));
        Assert.Contains(pairs, p => p.Reason == "name" && p.Ids.SetEquals([a.Id, b.Id]));
    }

    [Fact]
    public void Find_Threshold_Configurable()
    {
        var keys = new[]
        {
            new CustomerMatchKeys(Guid.NewGuid(), "Katherine", "Miller", null, [], []),
            new CustomerMatchKeys(Guid.NewGuid(), "Kathryn", "Miller", null, [], []),
        };

        Assert.Single(DuplicateDetector.Find(keys, new DuplicateDetectionOptions { NameThreshold = 0.9 }));
        Assert.Empty(DuplicateDetector.Find(keys, new DuplicateDetectionOptions { NameThreshold = 0.99 }));
    }

    [Fact]
    public void Find_Blocking_ComparesTyposInEitherName()
    {
        var keys = new[]
        {
            new CustomerMatchKeys(Guid.NewGuid(), "Alexander", "Hamilton", null, [], []),
            new CustomerMatchKeys(Guid.NewGuid(), "Alexander", "Hmailton", null, [], []), // typo in the last name's prefix
            new CustomerMatchKeys(Guid.NewGuid(), "Aelxander", "Hamilton", null, [], []), // typo in the first name's prefix
        };

        // Each typo leaves the other name's key intact, so both pairs with the original are compared; the two typo'd
        // records share no key, the price of blocking (documented).
        var matches = DuplicateDetector.Find(keys, new DuplicateDetectionOptions { NameThreshold = 0.9 });
        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Contains(keys[0].Id, new[] { m.FirstId, m.SecondId }));
    }
}

public sealed class MergeTests
{
    private static readonly DateTimeOffset T0 = TestEngine.Start;

    private sealed class CountingParticipant : IMergeParticipant
    {
        public List<(Guid Survivor, Guid Merged, bool InTransaction)> Calls { get; } = [];

        public string Name => "deals";

        public Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken)
        {
            Calls.Add((survivorId, mergedId, session.InTransaction));
            return Task.FromResult(2L);
        }
    }

    [Fact]
    public async Task MergeAsync_RepointsEverything_CountsBeforeEqualAfter()
    {
        var participant = new CountingParticipant();
        await using var engine = await TestEngine.CreateAsync(b => b.Services.AddSingleton<IMergeParticipant>(participant));
        var crm = engine.Tenant();
        var survivor = await crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann@a.example"], Tags = ["vip"], Demographics = new Demographics { City = "Berlin" } });
        engine.Time.Advance(TimeSpan.FromHours(1));
        var merged = await crm.Customers.CreateAsync(new Customer { FirstName = "Anne", LastName = "Lee", Company = "Lee Ltd", Emails = ["anne@b.example"], Phones = ["+4930123456"], Tags = ["newsletter", "vip"], Demographics = new Demographics { City = "Hamburg", Country = "DE" } });
        for (var i = 0; i < 3; i++)
        {
            await crm.Interactions.RecordAsync(new Interaction { CustomerId = survivor.Id, Channel = "email", OccurredAt = T0.AddDays(-i) });
            await crm.Interactions.RecordAsync(new Interaction { CustomerId = merged.Id, Channel = "phone", OccurredAt = T0.AddDays(-i) });
            await crm.Purchases.RecordAsync(new Purchase { CustomerId = merged.Id, PurchasedAt = T0.AddDays(-i), Currency = "EUR", Lines = [new PurchaseLine("sku", "Thing", 1, 10)] });
        }

        await crm.Privacy.RecordConsentAsync(merged.Id, "email", "marketing", ConsentStatus.Granted, "form");
        var interactionsBefore = await crm.Segments.CountAsync(Conditions.ConditionParser.Parse("""{"some":"interactions"}""", Conditions.SegmentFields.Customer));

        var result = await crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        var s = result.Survivor;
        Assert.Null(await crm.Customers.GetAsync(merged.Id));
        Assert.Equal(6, (await crm.Interactions.GetTimelineAsync(s.Id, new PageRequest(100))).Items.Count);
        Assert.Equal(3, (await crm.Purchases.ListAsync(s.Id)).Items.Count);
        Assert.Equal((3, 3), (result.Record.InteractionsMoved, result.Record.PurchasesMoved));
        Assert.Equal(interactionsBefore - 1, await crm.Segments.CountAsync(Conditions.ConditionParser.Parse("""{"some":"interactions"}""", Conditions.SegmentFields.Customer)));

        // Survivorship: union of lists (survivor first), most recent non-empty for scalars, fill-ins from the merged customer.
        Assert.Equal(["ann@a.example", "anne@b.example"], s.Emails);
        Assert.Equal(["vip", "newsletter"], s.Tags);
        Assert.Equal("Anne", s.FirstName);
        Assert.Equal("Hamburg", s.Demographics.City);
        Assert.Equal("DE", s.Demographics.Country);
        Assert.Equal("Lee Ltd", s.Company);
        Assert.Equal(T0, s.CreatedAt);
        Assert.Equal("both", result.Record.FieldSources["emails"]);
        Assert.Equal("merged", result.Record.FieldSources["firstName"]);

        Assert.Equal([(survivor.Id, merged.Id, true)], participant.Calls);
        Assert.Equal(2, result.Record.ParticipantsMoved["deals"]);
        Assert.True(await crm.Privacy.HasConsentAsync(s.Id, "email", "marketing"));
        var history = Assert.Single(await crm.Duplicates.GetMergeHistoryAsync(s.Id));
        Assert.Contains("anne@b.example", history.MergedSnapshotJson, StringComparison.Ordinal);
        Assert.Equal(s.Id, (await crm.Customers.FindByEmailAsync("anne@b.example"))!.Id);
    }

    [Fact]
    public async Task MergeAsync_PreferSurvivorRule_KeepsSurvivorValues()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var survivor = await crm.Customers.CreateAsync(new Customer { FirstName = "Bob", LastName = "Stone", Company = "Short" });
        engine.Time.Advance(TimeSpan.FromHours(1));
        var merged = await crm.Customers.CreateAsync(new Customer { FirstName = "Robert", LastName = "Stone", Company = "A much longer company name", Emails = ["bob@x.example"] });

        var options = new MergeOptions
        {
            DefaultRule = SurvivorshipRule.PreferSurvivor,
            Rules = new Dictionary<string, SurvivorshipRule> { ["company"] = SurvivorshipRule.Longest, ["emails"] = SurvivorshipRule.PreferSurvivor },
        };
        var result = await crm.Duplicates.MergeAsync(survivor.Id, merged.Id, options);

        Assert.Equal("Bob", result.Survivor.FirstName);
        Assert.Equal("A much longer company name", result.Survivor.Company);
        Assert.Equal(["bob@x.example"], result.Survivor.Emails); // the survivor had none, so the merged list fills in
    }

    [Fact]
    public async Task MergeAsync_FailingParticipant_RollsBackEverything()
    {
        await using var engine = await TestEngine.CreateAsync(b => b.Services.AddSingleton<IMergeParticipant, FailingParticipant>());
        var crm = engine.Tenant();
        var survivor = await crm.Customers.CreateAsync(new Customer { LastName = "One" });
        var merged = await crm.Customers.CreateAsync(new Customer { LastName = "Two" });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = merged.Id, Channel = "email", OccurredAt = T0 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => crm.Duplicates.MergeAsync(survivor.Id, merged.Id));

        Assert.NotNull(await crm.Customers.GetAsync(merged.Id));
        Assert.Single((await crm.Interactions.GetTimelineAsync(merged.Id)).Items);
        Assert.Empty(await crm.Duplicates.GetMergeHistoryAsync(survivor.Id));
    }

    [Fact]
    public async Task MergeAsync_RandomHistories_NeverLoseARecord()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var random = new Random(42);
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var c = await crm.Customers.CreateAsync(new Customer { LastName = "C" + i });
            ids.Add(c.Id);
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                await crm.Interactions.RecordAsync(new Interaction { CustomerId = c.Id, Channel = "chat", OccurredAt = T0.AddMinutes(-k) });
                await crm.Purchases.RecordAsync(new Purchase { CustomerId = c.Id, PurchasedAt = T0.AddMinutes(-k), Currency = "EUR", Lines = [new PurchaseLine("s", "p", 1, k)] });
            }
        }

        var totalBefore = await TotalsAsync(crm, ids);
        while (ids.Count > 1)
        {
            var from = ids[random.Next(ids.Count)];
            var to = ids.Where(id => id != from).ElementAt(random.Next(ids.Count - 1));
            await crm.Duplicates.MergeAsync(to, from);
            ids.Remove(from);
        }

        Assert.Equal(totalBefore, await TotalsAsync(crm, ids));
    }

    private static async Task<(int, int)> TotalsAsync(ICrmContext crm, List<Guid> ids)
    {
        var interactions = 0;
        var purchases = 0;
        foreach (var id in ids)
        {
            interactions += (await crm.Interactions.GetTimelineAsync(id, new PageRequest(1000))).Items.Count;
            purchases += (await crm.Purchases.ListAsync(id, new PageRequest(1000))).Items.Count;
        }

        return (interactions, purchases);
    }

    private sealed class FailingParticipant : IMergeParticipant
    {
        public string Name => "cases";

        public Task<long> RepointAsync(IStorageSession session, Guid survivorId, Guid mergedId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("case store unavailable");
    }
}
