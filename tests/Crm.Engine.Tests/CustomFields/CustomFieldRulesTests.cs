using Crm.Engine.Conditions;

namespace Crm.Engine.Tests.CustomFields;

public sealed class CustomFieldRulesTests
{
    private static async Task<(TestEngine Engine, ICrmContext Crm)> CreateAsync()
    {
        var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("plan", CustomFieldType.Enum) { AllowedValues = ["Free", "Pro", "Enterprise"], Required = true });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("seats", CustomFieldType.Number) { Minimum = 1, Maximum = 500 });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("score", CustomFieldType.Decimal) { Minimum = 0, Maximum = 1 });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("vat", CustomFieldType.String) { Pattern = "[A-Z]{2}[0-9]+", Minimum = 10, Maximum = 14 });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("signup", CustomFieldType.Date) { EarliestDate = new DateOnly(2020, 1, 1), LatestDate = new DateOnly(2030, 12, 31) });
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("newsletter", CustomFieldType.Boolean));
        return (engine, crm);
    }

    private static Customer With(params (string Key, AttributeValue Value)[] attributes) => new()
    {
        FirstName = "Ada",
        LastName = "Lovelace",
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
    };

    public static TheoryData<string, AttributeValue, string> Violations => new()
    {
        { "seats", 0m, "min" },
        { "seats", 501m, "max" },
        { "seats", 2.5m, "integer" },
        { "seats", "ten", "type" },
        { "score", 1.5m, "max" },
        { "vat", "DE12345", "minLength" },
        { "vat", "DE1234567890123", "maxLength" },
        { "vat", "de123456789", "pattern" },
        { "signup", new DateOnly(2019, 12, 31), "min" },
        { "signup", new DateOnly(2031, 1, 1), "max" },
        { "signup", "2024-01-01", "type" },
        { "newsletter", "yes", "type" },
        { "plan", "Gold", "enum" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task CreateAsync_RuleViolated_ErrorNamesFieldAndRule(string key, AttributeValue value, string rule)
    {
        var (engine, crm) = await CreateAsync();
        await using var _ = engine;
        var customer = key == "plan" ? With(("plan", value)) : With(("plan", "Pro"), (key, value));

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.CreateAsync(customer));

        var single = Assert.Single(error.Errors);
        Assert.Equal("attributes." + key, single.Path);
        Assert.Equal(rule, single.Rule);
    }

    [Fact]
    public async Task CreateAsync_RequiredFieldMissing_FailsWithRequired()
    {
        var (engine, crm) = await CreateAsync();
        await using var _ = engine;

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.CreateAsync(With()));

        Assert.Equal(("attributes.plan", "required"), (error.Errors[0].Path, error.Errors[0].Rule));
    }

    [Fact]
    public async Task CreateAsync_ValidValues_StoredWithCanonicalEnumCase()
    {
        var (engine, crm) = await CreateAsync();
        await using var _ = engine;

        var stored = await crm.Customers.CreateAsync(With(("plan", "pro"), ("seats", 12m), ("score", 0.5m), ("vat", "DE123456789"), ("signup", new DateOnly(2026, 5, 1)), ("newsletter", true)));

        Assert.Equal("Pro", stored.Attributes["plan"].AsString());
        Assert.Equal("Pro", (await crm.Customers.GetAsync(stored.Id))!.Attributes["plan"].AsString());
    }

    [Fact]
    public async Task DefineAsync_InvalidDefinition_ListsEveryProblem()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.CustomFields.DefineAsync(
            new CustomFieldDefinition("bad key", CustomFieldType.Enum) { Minimum = 5, Maximum = 1, Pattern = "([" }));

        Assert.Equal(["attributeName", "enum", "range", "pattern"], error.Errors.Select(e => e.Rule));
    }

    [Fact]
    public async Task Conditions_TypedAttributes_UseDefinitionTypes()
    {
        var (engine, crm) = await CreateAsync();
        await using var _ = engine;
        await crm.Customers.CreateAsync(With(("plan", "Pro"), ("signup", new DateOnly(2026, 5, 20)), ("seats", 10m)));
        await crm.Customers.CreateAsync(With(("plan", "Free"), ("signup", new DateOnly(2025, 1, 1)), ("seats", 3m)));

        // "P30D" on a date field means 30 days before now (2026-06-01): only the first signed up since.
        Assert.Equal(1, await crm.Segments.CountAsync(ConditionParser.Parse("""{"field":"attributes.signup","op":"gte","value":"P30D"}""", SegmentFields.Customer)));
        Assert.Equal(1, await crm.Customers.CountAsync(ConditionParser.Parse("""{"field":"attributes.plan","op":"eq","value":"pro"}""", SegmentFields.Customer)));
        Assert.Equal(2, await crm.Segments.CountAsync(ConditionParser.Parse("""{"field":"attributes.seats","op":"gte","value":3}""", SegmentFields.Customer)));

        // A value of the wrong type is rejected at bind time, naming the field.
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Segments.CountAsync(
            ConditionParser.Parse("""{"field":"attributes.seats","op":"eq","value":"many"}""", SegmentFields.Customer)));
        Assert.Contains("attributes.seats", error.Message, StringComparison.Ordinal);
    }
}
