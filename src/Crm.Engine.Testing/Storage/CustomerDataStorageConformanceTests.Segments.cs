using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class CustomerDataStorageConformanceTests<TFixture>
{
    /// <summary>Checks saving (insert and replace by name), reading, listing by ordinal name and deleting saved segments, with the condition text kept as written.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Segments_SaveGetListDelete_KeepTheConditionAsWritten()
    {
        var tenant = NewTenantId();
        var recent = new SegmentDefinition("recent buyers", """{ "field": "lastPurchaseAt",  "op": "gte", "value": "P30D" }""")
        {
            Description = "bought this month; 'quoted'",
            CreatedAt = AsOf.AddTicks(7),
            UpdatedAt = AsOf.AddTicks(7),
        };
        var big = new SegmentDefinition("Big spenders", """{"field":"totalSpent","op":"gt","value":100}""") { CreatedAt = AsOf, UpdatedAt = AsOf };
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Segments.UpsertAsync(recent, None).ConfigureAwait(false);
            await session.Segments.UpsertAsync(big, None).ConfigureAwait(false);

            Assert.Equal([big, recent], await session.Segments.ListAsync(None).ConfigureAwait(false));
            Assert.Equal(recent, await session.Segments.GetAsync("recent buyers", None).ConfigureAwait(false));
            Assert.Null(await session.Segments.GetAsync("Recent buyers", None).ConfigureAwait(false));

            var changed = recent with { ConditionJson = """{"field":"lastPurchaseAt","op":"gte","value":"P7D"}""", Description = null, UpdatedAt = AsOf.AddDays(1) };
            await session.Segments.UpsertAsync(changed, None).ConfigureAwait(false);
            Assert.Equal(changed, await session.Segments.GetAsync("recent buyers", None).ConfigureAwait(false));

            Assert.True(await session.Segments.DeleteAsync("recent buyers", None).ConfigureAwait(false));
            Assert.False(await session.Segments.DeleteAsync("recent buyers", None).ConfigureAwait(false));
            Assert.Equal([big], await session.Segments.ListAsync(None).ConfigureAwait(false));
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            Assert.Empty(await other.Segments.ListAsync(None).ConfigureAwait(false));
            Assert.Null(await other.Segments.GetAsync(big.Name, None).ConfigureAwait(false));
            Assert.False(await other.Segments.DeleteAsync(big.Name, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that a segment condition over behavioural aggregates selects, by count and by every page of the query,
    /// exactly the customers computed by hand. Data (days before <see cref="AsOf"/>): A (attribute plan gold) has
    /// email 1, 5, 40, phone 2 and purchases 10 (100), 100 (50); B has email 3, chat 10 and a purchase 200 (300);
    /// C (tag vip) has nothing; D (tag vip) has email 31, 29, 28 and purchases 1 (20), 2 (30), 3 (40). A customer of
    /// another tenant matches every condition and must never be counted.
    /// </summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <param name="expected">The names of the customers it selects.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(CustomerDataConditionCases.Segments), MemberType = typeof(CustomerDataConditionCases))]
    public virtual async Task Segments_CountAndQuery_BehaviouralAggregatesMatchHandComputedAnswer(string condition, string[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var ids = await SeedSegmentDataAsync().ConfigureAwait(false);
        var query = SegmentQuery(condition);
        var session = await OpenAsync(ids.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var (members, _) = await PageOneByOneAsync(async token =>
            {
                var page = await session.Segments.QueryAsync(query with { Page = new PageRequest(1, token) }, None).ConfigureAwait(false);
                Assert.True(page.Items.Count <= 1);
                return page;
            }).ConfigureAwait(false);

            AssertMembers(expected, members, ids);
            Assert.Equal(expected.Length, await session.Segments.CountAsync(query, None).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Checks that <see cref="ISegmentStore.EvaluateAsync"/> returns, on every page, the count of the whole segment and
    /// the same members in the same order as <see cref="ISegmentStore.QueryAsync"/>, with the same hand-computed answers
    /// as the count-and-query test, and a page as large as the segment holds every member and no continuation.
    /// </summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <param name="expected">The names of the customers it selects.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(CustomerDataConditionCases.Segments), MemberType = typeof(CustomerDataConditionCases))]
    public virtual async Task Segments_Evaluate_CountOfAllAndPagesAsQueried(string condition, string[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var ids = await SeedSegmentDataAsync().ConfigureAwait(false);
        var query = SegmentQuery(condition);
        var session = await OpenAsync(ids.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var (members, lastToken) = await PageOneByOneAsync(async token =>
            {
                var paged = query with { Page = new PageRequest(1, token) };
                var evaluation = await session.Segments.EvaluateAsync(paged, None).ConfigureAwait(false);
                var queried = await session.Segments.QueryAsync(paged, None).ConfigureAwait(false);
                Assert.Equal(expected.Length, evaluation.Count);
                Assert.Equal(queried.Items.Select(c => c.Id), evaluation.Members.Items.Select(c => c.Id));
                Assert.Equal(queried.ContinuationToken, evaluation.Members.ContinuationToken);
                Assert.Equal(queried.Items.Select(c => (c.Version, c.DisplayName, c.CreatedAt, c.Tags.Count)), evaluation.Members.Items.Select(c => (c.Version, c.DisplayName, c.CreatedAt, c.Tags.Count)));
                return evaluation.Members;
            }).ConfigureAwait(false);

            AssertMembers(expected, members, ids);
            if (members.Count > 0)
            {
                var last = members[^1];
                var tail = await session.Segments.EvaluateAsync(query with { Page = new PageRequest(1, lastToken) }, None).ConfigureAwait(false);
                Assert.Equal(last, Assert.Single(tail.Members.Items).Id);
                var firstOfTwo = await session.Segments.EvaluateAsync(query with { Page = new PageRequest(members.Count) }, None).ConfigureAwait(false);
                Assert.Equal(members, firstOfTwo.Members.Items.Select(c => c.Id));
                Assert.Null(firstOfTwo.Members.ContinuationToken);
                Assert.Equal(expected.Length, firstOfTwo.Count);
            }
        }
    }

    /// <summary>
    /// Checks RFM on five buyers whose percent ranks are 0, .25, .5, .75 and 1: scores are 1 + floor(rank × 5) capped at
    /// 5, ties share the lower score, segments follow <see cref="RfmSegments.Classify"/>, purchases after the run's
    /// instant and other tenants' buyers do not count, and the rfm* segment fields read the stored scores.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Rfm_SmallFixedSet_ScoresAndSegmentsAsComputedByHand()
    {
        // Another tenant's buyers, scored first: they must neither shift this tenant's ranks nor lose their scores.
        Guid foreignBuyer;
        var foreign = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (foreign.ConfigureAwait(false))
        {
            foreignBuyer = (await SeedCustomerAsync(foreign, "f1", [], [(1, 1_000m), (2, 1_000m), (3, 1_000m), (4, 1_000m), (5, 1_000m), (6, 1_000m)]).ConfigureAwait(false)).Id;
            await SeedCustomerAsync(foreign, "f2", [], [(0.5, 5_000m)]).ConfigureAwait(false);
            await foreign.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false);
        }

        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            // (days since the last purchase, orders of 100 each, 400 days apart).
            var data = new (string Name, int DaysAgo, int Orders)[] { ("c1", 400, 5), ("c2", 200, 4), ("c3", 100, 1), ("c4", 50, 2), ("c5", 5, 1) };
            var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
            foreach (var (name, daysAgo, orders) in data)
            {
                ids[name] = (await SeedCustomerAsync(session, name, [], Enumerable.Range(0, orders).Select(i => ((double)daysAgo + (i * 400), 100m)).ToArray()).ConfigureAwait(false)).Id;
            }

            // After the run's instant: would make c3 the most recent and most frequent buyer if it counted.
            await session.Purchases.InsertAsync(ConformanceData.Purchase(session.TenantId, ids["c3"], AsOf.AddTicks(1), new PurchaseLine("late", "Late", 1, 10_000m)), None).ConfigureAwait(false);
            var neverBought = await SeedCustomerAsync(session, "never bought", [("email", 1)], []).ConfigureAwait(false);

            var counts = await session.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false);

            var expected = new Dictionary<string, (int R, int F, int M, string Segment)>(StringComparer.Ordinal)
            {
                ["c1"] = (1, 5, 5, RfmSegments.CantLose),
                ["c2"] = (2, 4, 4, RfmSegments.AtRisk),
                ["c3"] = (3, 1, 1, RfmSegments.AboutToSleep),
                ["c4"] = (4, 3, 3, RfmSegments.PotentialLoyalists),
                ["c5"] = (5, 1, 1, RfmSegments.New),
            };
            foreach (var (name, (r, f, m, segment)) in expected)
            {
                var score = await session.Segments.GetRfmAsync(ids[name], None).ConfigureAwait(false);
                Assert.NotNull(score);
                Assert.Equal((name, ids[name], r, f, m, segment, AsOf), (name, score.CustomerId, score.Recency, score.Frequency, score.Monetary, score.Segment, score.ComputedAt));
            }

            Assert.Null(await session.Segments.GetRfmAsync(neverBought.Id, None).ConfigureAwait(false));
            foreach (var segment in RfmSegments.All)
            {
                var present = expected.Values.Count(e => e.Segment == segment);
                Assert.Equal((segment, (long)present), (segment, counts.GetValueOrDefault(segment)));
            }

            Assert.Equal(1, await CountSegmentAsync(session, """{"field":"rfmSegment","op":"eq","value":"new"}""").ConfigureAwait(false));
            Assert.Equal(2, await CountSegmentAsync(session, """{"field":"rfmRecency","op":"gte","value":4}""").ConfigureAwait(false));
            Assert.Equal(2, await CountSegmentAsync(session, """{"all":[{"field":"rfmFrequency","op":"eq","value":1},{"field":"rfmMonetary","op":"lte","value":1}]}""").ConfigureAwait(false));
            Assert.Equal(1, await CountSegmentAsync(session, """{"not":{"field":"rfmSegment","op":"exists"}}""").ConfigureAwait(false));
            Assert.Equal(5, await CountSegmentAsync(session, """{"field":"rfmSegment","op":"ne","value":"Can't Lose"}""").ConfigureAwait(false));
        }

        var check = await OpenAsync(foreign.TenantId).ConfigureAwait(false);
        await using (check.ConfigureAwait(false))
        {
            var score = await check.Segments.GetRfmAsync(foreignBuyer, None).ConfigureAwait(false);
            Assert.Equal((1, 5), (score!.Recency, score.Frequency));
        }
    }

    /// <summary>Checks that a new RFM run replaces the previous one: new scores, the new instant, and no row for a customer with no purchase up to it.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Rfm_Recompute_ReplacesThePreviousRun()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var older = await SeedCustomerAsync(session, "older", [], [(20, 50m)]).ConfigureAwait(false);
            var newer = await SeedCustomerAsync(session, "newer", [], [(10, 50m)]).ConfigureAwait(false);
            var counts = await session.Segments.ComputeRfmAsync(AsOf, None).ConfigureAwait(false);
            Assert.Equal(2, counts.Values.Sum());
            Assert.Equal(1, await RecencyAsync(older.Id).ConfigureAwait(false));
            Assert.Equal(5, await RecencyAsync(newer.Id).ConfigureAwait(false));

            await session.Purchases.InsertAsync(ConformanceData.Purchase(session.TenantId, older.Id, AsOf.AddDays(1), new PurchaseLine("s", "p", 1, 50m)), None).ConfigureAwait(false);
            counts = await session.Segments.ComputeRfmAsync(AsOf.AddDays(2), None).ConfigureAwait(false);
            Assert.Equal(2, counts.Values.Sum());
            Assert.Equal(5, await RecencyAsync(older.Id).ConfigureAwait(false));
            Assert.Equal(1, await RecencyAsync(newer.Id).ConfigureAwait(false));
            var champion = (await session.Segments.GetRfmAsync(older.Id, None).ConfigureAwait(false))!;
            Assert.Equal((5, 5, RfmSegments.Champions, AsOf.AddDays(2)), (champion.Frequency, champion.Monetary, champion.Segment, champion.ComputedAt));

            counts = await session.Segments.ComputeRfmAsync(AsOf.AddDays(-15), None).ConfigureAwait(false);
            Assert.Equal(1, counts.Values.Sum());
            Assert.Null(await session.Segments.GetRfmAsync(newer.Id, None).ConfigureAwait(false));
            // A single buyer has percent rank 0 everywhere: the lowest scores.
            Assert.Equal(RfmSegments.Lost, (await session.Segments.GetRfmAsync(older.Id, None).ConfigureAwait(false))!.Segment);
        }

        async Task<int> RecencyAsync(Guid customerId)
        {
            var score = await session.Segments.GetRfmAsync(customerId, None).ConfigureAwait(false);
            Assert.NotNull(score);
            return score.Recency;
        }
    }

    private static StorageQuery SegmentQuery(string condition) =>
        new() { Filter = ConditionParser.Parse(condition, SegmentFields.Customer), AsOf = AsOf, Page = new PageRequest(1) };

    /// <summary>Reads every page through <paramref name="read"/> (given each page's token); returns the member ids and the last page's token.</summary>
    private static async Task<(List<Guid> Members, string? LastToken)> PageOneByOneAsync(Func<string?, Task<Page<Customer>>> read)
    {
        var members = new List<Guid>();
        for (string? token = null; ;)
        {
            var page = await read(token).ConfigureAwait(false);
            members.AddRange(page.Items.Select(c => c.Id));
            if (page.ContinuationToken is null)
            {
                return (members, token);
            }

            token = page.ContinuationToken;
        }
    }

    private static void AssertMembers(string[] expected, List<Guid> members, SegmentData ids) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), members.Select(id => ids.Names.GetValueOrDefault(id, "another tenant's customer")).Order(StringComparer.Ordinal));

    private static Task<long> CountSegmentAsync(IStorageSession session, string condition) =>
        session.Segments.CountAsync(new StorageQuery { Filter = ConditionParser.Parse(condition, SegmentFields.Customer), AsOf = AsOf }, None);

    private async Task<SegmentData> SeedSegmentDataAsync()
    {
        var names = new Dictionary<Guid, string>();
        var tenant = NewTenantId(nameof(Segments_CountAndQuery_BehaviouralAggregatesMatchHandComputedAnswer));
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var a = await SeedCustomerAsync(session, "A", [("email", 1), ("email", 5), ("email", 40), ("phone", 2)], [(10, 100m), (100, 50m)]).ConfigureAwait(false);
            await session.Customers.UpdateAsync(a with { Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["plan"] = "gold" } }, None).ConfigureAwait(false);
            names[a.Id] = "A";
            names[(await SeedCustomerAsync(session, "B", [("email", 3), ("chat", 10)], [(200, 300m)]).ConfigureAwait(false)).Id] = "B";
            var c = await SeedCustomerAsync(session, "C", [], []).ConfigureAwait(false);
            await session.Customers.UpdateAsync(c with { Tags = ["vip"] }, None).ConfigureAwait(false);
            names[c.Id] = "C";
            var d = await SeedCustomerAsync(session, "D", [("email", 31), ("email", 29), ("email", 28)], [(1, 20m), (2, 30m), (3, 40m)]).ConfigureAwait(false);
            await session.Customers.UpdateAsync(d with { Tags = ["vip", "newsletter"] }, None).ConfigureAwait(false);
            names[d.Id] = "D";
        }

        var other = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (other.ConfigureAwait(false))
        {
            // Matches most conditions above, and is named like C: it must never be counted.
            await SeedCustomerAsync(other, "C", [("email", 1), ("email", 2), ("phone", 1)], [(1, 500m), (2, 500m)]).ConfigureAwait(false);
        }

        return new SegmentData(tenant, names);
    }

    private sealed record SegmentData(string TenantId, IReadOnlyDictionary<Guid, string> Names);
}
