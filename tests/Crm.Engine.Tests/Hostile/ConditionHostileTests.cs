using Crm.Engine.Conditions;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// 10k seeded mutations of valid conditions, plus generated deep nesting: parsing and binding each ends in a bound
/// condition or a <see cref="CrmValidationException"/>, never another exception or a hang.
/// </summary>
public sealed class ConditionHostileTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    private static readonly string[] Seeds =
    [
        """{ "all": [ { "some": "purchases", "where": { "field": "purchasedAt", "op": "gte", "value": "P30D" } }, { "some": "interactions", "where": { "all": [ { "field": "channel", "op": "eq", "value": "email" }, { "field": "direction", "op": "eq", "value": "inbound" } ] } } ] }""",
        """{ "all": [ { "field": "country", "op": "in", "value": ["DE", "AT"] }, { "field": "tags", "op": "contains", "value": "vip" }, { "field": "totalSpent", "op": "gte", "value": 1000 }, { "not": { "field": "lastInteractionAt", "op": "gte", "value": "P90D" } } ] }""",
        """{ "count": "purchaseLines", "where": { "field": "category", "op": "eq", "value": "add-on" }, "op": "gte", "value": 3 }""",
        """{ "any": [ { "field": "birthDate", "op": "lte", "value": "P18Y" }, { "field": "company", "op": "startsWith", "value": "Acme" }, { "field": "emails", "op": "contains", "value": "a@example.com" } ] }""",
    ];

    [Fact]
    public async Task MutatedConditions_BindOrFailWithAValidationError()
    {
        Assert.All(Seeds, s => ConditionParser.Parse(s, CrmFields.Customer));
        var run = new HostileRun("conditions", output);
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            string json;
            string kind;
            if (seed % 10 == 9)
            {
                (json, kind) = (DeepCondition(random), "deepCondition");
            }
            else
            {
                var (bytes, mutation) = HostileMutator.Mutate(Seeds[seed % Seeds.Length], random);
                (json, kind) = (HostileMutator.AsText(bytes, random), mutation);
            }

            await run.CaseAsync(seed, kind, json, _ =>
            {
                Assert.NotNull(ConditionParser.Parse(json, CrmFields.Customer, $"seed-{seed}"));
                return Task.CompletedTask;
            });
        }

        run.Report();
        Assert.True(run.Outcomes.ContainsKey(nameof(CrmValidationException)));
    }

    /// <summary>Nests not/all/any/some around a comparison, to depths on both sides of <see cref="ConditionParser.MaxDepth"/>.</summary>
    private static string DeepCondition(Random random)
    {
        var depth = random.Next(2) == 0 ? random.Next(1, ConditionParser.MaxDepth + 4) : random.Next(60, 400);
        var prefix = new System.Text.StringBuilder();
        var suffix = new System.Text.StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            switch (random.Next(3))
            {
                case 0:
                    prefix.Append("""{ "not": """);
                    suffix.Insert(0, " }");
                    break;
                case 1:
                    prefix.Append("""{ "all": [ """);
                    suffix.Insert(0, " ] }");
                    break;
                default:
                    prefix.Append("""{ "any": [ { "field": "city", "op": "eq", "value": "x" }, """);
                    suffix.Insert(0, " ] }");
                    break;
            }
        }

        return prefix.Append("""{ "field": "country", "op": "eq", "value": "DE" }""").Append(suffix).ToString();
    }
}
