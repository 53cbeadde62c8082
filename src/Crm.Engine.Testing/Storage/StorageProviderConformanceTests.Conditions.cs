using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    /// <summary>
    /// Checks that a customer query (every page) and count return exactly the customers
    /// <see cref="ConditionEvaluator"/> selects from the same records.
    /// </summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(StorageConditionCases.Customer), MemberType = typeof(StorageConditionCases))]
    public virtual async Task Customers_Query_MatchesEvaluator(string condition)
    {
        var data = await ConditionDataAsync().ConfigureAwait(false);
        var filter = ConditionParser.Parse(condition, CrmFields.Customer);
        var expected = data.ExpectedCustomers(filter, ConditionDataSet.AsOf);
        var query = new StorageQuery { Filter = filter, AsOf = ConditionDataSet.AsOf, Page = new PageRequest(7) };
        var session = await OpenAsync(data.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var actual = await ReadAllPagesAsync(session.Customers, query).ConfigureAwait(false);
            AssertSameIds(expected, actual.Select(c => c.Id), data.Customers.ToDictionary(c => c.Id, c => $"{c.FirstName} {c.LastName}".Trim()));
            Assert.Equal(expected.Count, await session.Customers.CountAsync(query, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks interaction queries and counts against <see cref="ConditionEvaluator"/>.</summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(StorageConditionCases.Interaction), MemberType = typeof(StorageConditionCases))]
    public virtual async Task Interactions_Query_MatchesEvaluator(string condition)
    {
        var data = await ConditionDataAsync().ConfigureAwait(false);
        var filter = ConditionParser.Parse(condition, CrmFields.Interaction);
        var expected = data.ExpectedInteractions(filter, ConditionDataSet.AsOf);
        var query = new StorageQuery { Filter = filter, AsOf = ConditionDataSet.AsOf, Page = new PageRequest(25), Sort = SortOrder.CreatedDescending };
        var session = await OpenAsync(data.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var actual = await ReadAllPagesAsync(session.Interactions, query).ConfigureAwait(false);
            AssertSameIds(expected, actual.Select(i => i.Id), data.Interactions.ToDictionary(i => i.Id, i => $"{i.Channel} {i.Direction} {i.OccurredAt:O}"));
            Assert.Equal(actual.Select(i => i.OccurredAt).OrderDescending(), actual.Select(i => i.OccurredAt));
            Assert.Equal(expected.Count, await session.Interactions.CountAsync(query, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks purchase queries and counts against <see cref="ConditionEvaluator"/>.</summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [MemberData(nameof(StorageConditionCases.Purchase), MemberType = typeof(StorageConditionCases))]
    public virtual async Task Purchases_Query_MatchesEvaluator(string condition)
    {
        var data = await ConditionDataAsync().ConfigureAwait(false);
        var filter = ConditionParser.Parse(condition, CrmFields.Purchase);
        var expected = data.ExpectedPurchases(filter, ConditionDataSet.AsOf);
        var query = new StorageQuery { Filter = filter, AsOf = ConditionDataSet.AsOf, Page = new PageRequest(9) };
        var session = await OpenAsync(data.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var actual = await ReadAllPagesAsync(session.Purchases, query).ConfigureAwait(false);
            AssertSameIds(expected, actual.Select(p => p.Id), data.Purchases.ToDictionary(p => p.Id, p => $"{p.OrderNumber} {p.Total} {p.PurchasedAt:O}"));
            Assert.Equal(expected.Count, await session.Purchases.CountAsync(query, None).ConfigureAwait(false));
            Assert.All(actual, p => Assert.Equal(data.Purchases.Single(d => d.Id == p.Id).Lines, p.Lines));
        }
    }

    /// <summary>Checks hand-written answers on the hand-made customers, so the evaluator is not the only judge.</summary>
    /// <param name="condition">The condition as JSON.</param>
    /// <param name="expectedNames">The expected customers among Ada Lovelace, Grace Hopper, alan Turing, the blank one ("") and Robert.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [InlineData("""{"field":"firstName","op":"eq","value":"Ada"}""", "Ada Lovelace")]
    [InlineData("""{"field":"company","op":"ne","value":"Analytical"}""", "Grace Hopper|alan Turing||Robert")]
    [InlineData("""{"field":"company","op":"contains","value":"cme"}""", "alan Turing|")]
    [InlineData("""{"field":"tags","op":"contains","value":"vip"}""", "Ada Lovelace")]
    [InlineData("""{"field":"attributes.score","op":"eq","value":42}""", "Ada Lovelace")]
    [InlineData("""{"field":"attributes.score","op":"ne","value":42}""", "Grace Hopper|alan Turing||Robert")]
    [InlineData("""{"field":"attributes.vip","op":"eq","value":true}""", "Ada Lovelace")]
    [InlineData("""{"field":"birthDate","op":"gt","value":"P18Y"}""", "Robert")]
    [InlineData("""{"field":"totalSpent","op":"eq","value":120.5}""", "Ada Lovelace")]
    [InlineData("""{"field":"averageOrderValue","op":"eq","value":60.25}""", "Ada Lovelace")]
    [InlineData("""{"field":"purchaseCount","op":"eq","value":0}""", "Grace Hopper|Robert")]
    [InlineData("""{"field":"interactionCount","op":"eq","value":3}""", "")]
    [InlineData("""{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""", "Ada Lovelace|")]
    [InlineData("""{"field":"lastPurchaseAt","op":"gt","value":"P30D"}""", "Ada Lovelace")]
    [InlineData("""{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"direction","op":"eq","value":"inbound"}]}}""", "Ada Lovelace|")]
    [InlineData("""{"count":"interactions","op":"eq","value":0}""", "alan Turing|Robert")]
    [InlineData("""{"some":"purchaseLines","where":{"field":"sku","op":"eq","value":"sku-a"}}""", "")]
    [InlineData("""{"all":[{"some":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P30D"}},{"some":"interactions","where":{"field":"direction","op":"eq","value":"Inbound"}}]}""", "Ada Lovelace|")]
    public virtual async Task Customers_Query_MatchesHandWrittenExpectations(string condition, string expectedNames)
    {
        ArgumentNullException.ThrowIfNull(expectedNames);
        var data = await ConditionDataAsync().ConfigureAwait(false);
        var named = new[] { ("Ada", "Lovelace"), ("Grace", "Hopper"), ("alan", "Turing"), ("", ""), ("Robert", "x'); DROP TABLE customers;--") }
            .Select(n => data.Named(n.Item1, n.Item2))
            .ToDictionary(c => c.Id, c => c.FirstName.Length == 0 ? "" : c.FirstName == "Robert" ? "Robert" : $"{c.FirstName} {c.LastName}");
        var query = new StorageQuery { Filter = ConditionParser.Parse(condition, CrmFields.Customer), AsOf = ConditionDataSet.AsOf, Page = new PageRequest(PageRequest.MaxSize) };
        var session = await OpenAsync(data.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var page = await session.Customers.QueryAsync(query, None).ConfigureAwait(false);
            var found = page.Items.Where(c => named.ContainsKey(c.Id)).Select(c => named[c.Id]).Order(StringComparer.Ordinal);
            Assert.Equal(expectedNames.Split('|').Order(StringComparer.Ordinal), found);
        }
    }

    /// <summary>Checks that relative dates are measured from <see cref="StorageQuery.AsOf"/>, not the clock.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Query_RelativeDates_UseAsOfNotTheClock()
    {
        var data = await ConditionDataAsync().ConfigureAwait(false);
        var filter = ConditionParser.Parse("""{"field":"createdAt","op":"gte","value":"P30D"}""", CrmFields.Customer);
        var session = await OpenAsync(data.TenantId).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var asOf in new[] { ConditionDataSet.AsOf, ConditionDataSet.AsOf.AddDays(-300), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) })
            {
                var expected = data.ExpectedCustomers(filter, asOf).Count;
                Assert.Equal(expected, await session.Customers.CountAsync(new StorageQuery { Filter = filter, AsOf = asOf }, None).ConfigureAwait(false));
            }

            Assert.Equal(data.Customers.Count, await session.Customers.CountAsync(new StorageQuery { Filter = filter, AsOf = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) }, None).ConfigureAwait(false));
        }
    }

    private static void AssertSameIds(HashSet<Guid> expected, IEnumerable<Guid> actual, Dictionary<Guid, string> describe)
    {
        var actualSet = actual.ToHashSet();
        var missing = expected.Except(actualSet).Select(id => describe.GetValueOrDefault(id, id.ToString())).ToList();
        var extra = actualSet.Except(expected).Select(id => describe.GetValueOrDefault(id, id.ToString())).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Expected {expected.Count} records, found {actualSet.Count}. Missing: [{string.Join(", ", missing)}]. Unexpected: [{string.Join(", ", extra)}].");
    }
}
