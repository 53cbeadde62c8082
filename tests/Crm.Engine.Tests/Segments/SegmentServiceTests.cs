using Crm.Engine.Conditions;

namespace Crm.Engine.Tests.Segments;

public sealed class SegmentServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = TestEngine.Start;
    private TestEngine _engine = null!;
    private ICrmContext _crm = null!;
    private readonly Dictionary<string, Guid> _ids = [];

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.CreateAsync();
        _crm = _engine.Tenant();
        // A: email -1d -5d -40d, phone -2d; bought -10d 100, -100d 50.
        await CustomerAsync("A", [("email", 1), ("email", 5), ("email", 40), ("phone", 2)], [(10, 100m), (100, 50m)]);
        // B: email -3d, chat -10d; bought -200d 300.
        await CustomerAsync("B", [("email", 3), ("chat", 10)], [(200, 300m)]);
        // C: nothing.
        await CustomerAsync("C", [], []);
        // D: email -31d -29d -28d; bought -1d 20, -2d 30, -3d 40.
        await CustomerAsync("D", [("email", 31), ("email", 29), ("email", 28)], [(1, 20m), (2, 30m), (3, 40m)]);
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    public static TheoryData<string, string[]> Aggregates => new()
    {
        // interaction counts by channel in the last N days
        { """{"count":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]},"op":"gte","value":2}""", ["A", "D"] },
        { """{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"phone"},{"field":"occurredAt","op":"gte","value":"P7D"}]}}""", ["A"] },
        { """{"count":"interactions","where":{"field":"channel","op":"eq","value":"chat"},"op":"eq","value":0}""", ["A", "C", "D"] },
        { """{"field":"interactionCount","op":"eq","value":0}""", ["C"] },
        // last purchase date, total spend, purchase count, average order value
        { """{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""", ["A", "D"] },
        { """{"field":"lastPurchaseAt","op":"lt","value":"P180D"}""", ["B"] },
        { """{"field":"totalSpent","op":"gt","value":100}""", ["A", "B"] },
        { """{"field":"purchaseCount","op":"gte","value":2}""", ["A", "D"] },
        { """{"field":"averageOrderValue","op":"gte","value":75}""", ["A", "B"] },
        { """{"field":"averageOrderValue","op":"lt","value":50}""", ["D"] },
        { """{"all":[{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]}},{"field":"totalSpent","op":"gte","value":90}]}""", ["A", "B", "D"] },
    };

    [Theory]
    [MemberData(nameof(Aggregates))]
    public async Task CountAndMembers_BehaviouralAggregates_MatchHandComputedAnswer(string json, string[] expected)
    {
        var condition = ConditionParser.Parse(json, SegmentFields.Customer);

        var count = await _crm.Segments.CountAsync(condition);
        var members = await _crm.Segments.GetMembersAsync(condition, new Storage.PageRequest(100));

        Assert.Equal(expected.Length, count);
        Assert.Equal(expected.Select(n => _ids[n]).Order(), members.Items.Select(c => c.Id).Order());
        var evaluation = await _crm.Segments.EvaluateAsync(condition, new Storage.PageRequest(100));
        Assert.Equal(expected.Length, evaluation.Count);
        Assert.Equal(members.Items.Select(c => c.Id), evaluation.Members.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task SavedSegments_SaveListCountDelete()
    {
        var saved = await _crm.Segments.SaveAsync(new SegmentDefinition("recent buyers", """{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""") { Description = "bought this month" });
        await _crm.Segments.SaveAsync(new SegmentDefinition("big spenders", """{"field":"totalSpent","op":"gt","value":100}"""));

        Assert.Equal(T0, saved.CreatedAt);
        Assert.Equal(["big spenders", "recent buyers"], (await _crm.Segments.ListAsync()).Select(s => s.Name));
        Assert.Equal(2, await _crm.Segments.CountAsync("recent buyers"));
        Assert.Equal(2, (await _crm.Segments.GetMembersAsync("big spenders")).Items.Count);
        var bigSpenders = await _crm.Segments.EvaluateAsync("big spenders", new Storage.PageRequest(1));
        Assert.Equal((2, 1), (bigSpenders.Count, bigSpenders.Members.Items.Count));
        Assert.NotNull(bigSpenders.Members.ContinuationToken);

        // Evaluated on demand: a new purchase changes the count without re-saving.
        await _crm.Purchases.RecordAsync(new Purchase { CustomerId = _ids["B"], PurchasedAt = T0.AddDays(-1), Currency = "EUR", Lines = [new PurchaseLine("x", "x", 1, 1)] });
        Assert.Equal(3, await _crm.Segments.CountAsync("recent buyers"));

        Assert.True(await _crm.Segments.DeleteAsync("recent buyers"));
        Assert.Null(await _crm.Segments.GetAsync("recent buyers"));
        var missing = await Assert.ThrowsAsync<CrmValidationException>(() => _crm.Segments.CountAsync("recent buyers"));
        Assert.Equal("notFound", missing.Errors[0].Rule);
        var missingEvaluation = await Assert.ThrowsAsync<CrmValidationException>(() => _crm.Segments.EvaluateAsync("recent buyers"));
        Assert.Equal("notFound", missingEvaluation.Errors[0].Rule);
    }

    [Fact]
    public async Task SaveAsync_InvalidCondition_ErrorNamesJsonPath()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() =>
            _crm.Segments.SaveAsync(new SegmentDefinition("bad", """{"all":[{"field":"totalSpnt","op":"gt","value":1}]}""")));

        Assert.Equal("$.all[0].field", error.Errors[0].Path);
        Assert.Contains("totalSpent", error.Errors[0].Message, StringComparison.Ordinal);
    }

    private async Task CustomerAsync(string name, (string Channel, int DaysAgo)[] interactions, (int DaysAgo, decimal Amount)[] purchases)
    {
        var customer = await _crm.Customers.CreateAsync(new Customer { LastName = name });
        _ids[name] = customer.Id;
        foreach (var (channel, daysAgo) in interactions)
        {
            await _crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = channel, OccurredAt = T0.AddDays(-daysAgo) });
        }

        foreach (var (daysAgo, amount) in purchases)
        {
            await _crm.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, PurchasedAt = T0.AddDays(-daysAgo), Currency = "EUR", Lines = [new PurchaseLine("sku", "Item", 1, amount)] });
        }
    }
}

public sealed class RfmTests
{
    [Fact]
    public void Classify_ScoreRules()
    {
        Assert.Equal(RfmSegments.Champions, RfmSegments.Classify(5, 5, 4));
        Assert.Equal(RfmSegments.Loyal, RfmSegments.Classify(3, 4, 4));
        Assert.Equal(RfmSegments.CantLose, RfmSegments.Classify(1, 5, 5));
        Assert.Equal(RfmSegments.AtRisk, RfmSegments.Classify(2, 3, 3));
        Assert.Equal(RfmSegments.PotentialLoyalists, RfmSegments.Classify(4, 2, 3));
        Assert.Equal(RfmSegments.New, RfmSegments.Classify(5, 1, 1));
        Assert.Equal(RfmSegments.Promising, RfmSegments.Classify(4, 1, 1));
        Assert.Equal(RfmSegments.NeedAttention, RfmSegments.Classify(3, 2, 2));
        Assert.Equal(RfmSegments.AboutToSleep, RfmSegments.Classify(3, 1, 1));
        Assert.Equal(RfmSegments.Hibernating, RfmSegments.Classify(2, 2, 1));
        Assert.Equal(RfmSegments.Lost, RfmSegments.Classify(1, 2, 2));
    }

    [Fact]
    public async Task ComputeRfmAsync_SmallFixedSet_ScoresAndSegmentsAsComputedByHand()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        // (last purchase days ago, orders of 100 each): percent ranks 0, .25, .5, .75, 1 give scores 1..5; ties share the lower.
        var data = new (string Name, int DaysAgo, int Orders)[] { ("c1", 400, 5), ("c2", 200, 4), ("c3", 100, 1), ("c4", 50, 2), ("c5", 5, 1) };
        var ids = new Dictionary<string, Guid>();
        foreach (var (name, daysAgo, orders) in data)
        {
            var c = await crm.Customers.CreateAsync(new Customer { LastName = name });
            ids[name] = c.Id;
            for (var i = 0; i < orders; i++)
            {
                await crm.Purchases.RecordAsync(new Purchase { CustomerId = c.Id, PurchasedAt = TestEngine.Start.AddDays(-daysAgo - (i * 400)), Currency = "EUR", Lines = [new PurchaseLine("s", "p", 1, 100)] });
            }
        }

        await crm.Customers.CreateAsync(new Customer { LastName = "never bought" });

        var summary = await crm.Segments.ComputeRfmAsync();

        var expected = new Dictionary<string, (int R, int F, int M, string Segment)>
        {
            ["c1"] = (1, 5, 5, RfmSegments.CantLose),
            ["c2"] = (2, 4, 4, RfmSegments.AtRisk),
            ["c3"] = (3, 1, 1, RfmSegments.AboutToSleep),
            ["c4"] = (4, 3, 3, RfmSegments.PotentialLoyalists),
            ["c5"] = (5, 1, 1, RfmSegments.New),
        };
        foreach (var (name, (r, f, m, segment)) in expected)
        {
            var score = await crm.Segments.GetRfmAsync(ids[name]);
            Assert.Equal((r, f, m, segment), (score!.Recency, score.Frequency, score.Monetary, score.Segment));
            Assert.Equal(segment, RfmSegments.Classify(r, f, m));
        }

        Assert.Equal(5, summary.CustomersScored);
        Assert.Equal(0, summary.SegmentCounts[RfmSegments.Champions]);
        Assert.Equal(1, summary.SegmentCounts[RfmSegments.New]);
        Assert.Equal(1, await crm.Segments.CountAsync(ConditionParser.Parse("""{"field":"rfmSegment","op":"eq","value":"new"}""", SegmentFields.Customer)));
        Assert.Equal(2, await crm.Segments.CountAsync(ConditionParser.Parse("""{"field":"rfmRecency","op":"gte","value":4}""", SegmentFields.Customer)));
        Assert.Equal(1, await crm.Segments.CountAsync(ConditionParser.Parse("""{"not":{"field":"rfmSegment","op":"exists"}}""", SegmentFields.Customer)));
    }
}
