using Crm.Engine.Conditions;

namespace Crm.Engine.Abstractions.Tests.Conditions;

public class ConditionEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Customer Ada = new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        FirstName = "Ada",
        LastName = "Lovelace",
        Company = "Analytical Engines",
        Emails = ["ada@engines.example"],
        Tags = ["vip", "beta"],
        Demographics = new Demographics { Country = "GB", BirthDate = new DateOnly(1990, 12, 10) },
        LifecycleStage = LifecycleStage.Customer,
        Attributes = new Dictionary<string, AttributeValue>
        {
            ["plan"] = "gold",
            ["seats"] = 12m,
            ["trial"] = false,
            ["renewal"] = new DateOnly(2026, 9, 1),
        },
        CreatedAt = Now.AddDays(-100),
    };

    private static readonly Customer Bob = new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        FirstName = "Bob",
        LastName = "Builder",
        CreatedAt = Now.AddDays(-5),
    };

    private static readonly Interaction[] AdaInteractions =
    [
        new() { CustomerId = Ada.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = Now.AddDays(-3) },
        new() { CustomerId = Ada.Id, Channel = "phone", Direction = InteractionDirection.Outbound, OccurredAt = Now.AddDays(-40) },
    ];

    private static readonly Purchase[] AdaPurchases =
    [
        new() { CustomerId = Ada.Id, Currency = "EUR", PurchasedAt = Now.AddDays(-10), Lines = [new("SKU-1", "Gear", 2, 50m) { Category = "parts" }] },
        new() { CustomerId = Ada.Id, Currency = "EUR", PurchasedAt = Now.AddDays(-200), Lines = [new("SKU-2", "Cog", 1, 20m) { Discount = 5m }] },
    ];

    private static bool Matches(string json, Customer customer)
    {
        var compiled = ConditionEvaluator.Compile(ConditionParser.Parse(json, CrmFields.Customer), CrmFields.Customer);
        var target = customer == Ada
            ? new CustomerConditionTarget(Ada, AdaInteractions, AdaPurchases)
            : new CustomerConditionTarget(customer);
        return compiled.Matches(target, Now);
    }

    [Theory]
    [InlineData("""{"field":"firstName","op":"eq","value":"Ada"}""", true, false)]
    [InlineData("""{"field":"firstName","op":"eq","value":"ada"}""", false, false)]
    [InlineData("""{"field":"company","op":"ne","value":"Analytical Engines"}""", false, true)]
    [InlineData("""{"field":"lastName","op":"gt","value":"C"}""", true, false)]
    [InlineData("""{"field":"lastName","op":"gte","value":"Builder"}""", true, true)]
    [InlineData("""{"field":"lastName","op":"lt","value":"C"}""", false, true)]
    [InlineData("""{"field":"lastName","op":"lte","value":"Builder"}""", false, true)]
    [InlineData("""{"field":"country","op":"in","value":["DE","GB"]}""", true, false)]
    [InlineData("""{"field":"company","op":"contains","value":"tical"}""", true, false)]
    [InlineData("""{"field":"company","op":"startsWith","value":"Analytic"}""", true, false)]
    [InlineData("""{"field":"company","op":"exists"}""", true, false)]
    [InlineData("""{"field":"company","op":"exists","value":false}""", false, true)]
    [InlineData("""{"field":"lastName","op":"between","value":["A","C"]}""", false, true)]
    [InlineData("""{"field":"tags","op":"contains","value":"vip"}""", true, false)]
    [InlineData("""{"field":"tags","op":"in","value":["beta","x"]}""", true, false)]
    [InlineData("""{"field":"tags","op":"exists"}""", true, false)]
    [InlineData("""{"field":"email","op":"eq","value":"ada@engines.example"}""", true, false)]
    [InlineData("""{"field":"lifecycleStage","op":"eq","value":"customer"}""", true, false)]
    [InlineData("""{"field":"lifecycleStage","op":"eq","value":"lead"}""", false, true)]
    [InlineData("""{"field":"birthDate","op":"lte","value":"P30Y"}""", true, false)]
    [InlineData("""{"field":"birthDate","op":"lte","value":"P40Y"}""", false, false)]
    [InlineData("""{"field":"createdAt","op":"gte","value":"P30D"}""", false, true)]
    [InlineData("""{"field":"createdAt","op":"lt","value":"2026-06-01"}""", true, false)]
    public void Matches_FieldComparison_FollowsOperatorSemantics(string json, bool ada, bool bob)
    {
        Assert.Equal(ada, Matches(json, Ada));
        Assert.Equal(bob, Matches(json, Bob));
    }

    [Theory]
    [InlineData("""{"field":"attributes.plan","op":"eq","value":"gold"}""", true)]
    [InlineData("""{"field":"attributes.plan","op":"eq","value":1}""", false)]
    [InlineData("""{"field":"attributes.plan","op":"ne","value":1}""", true)]
    [InlineData("""{"field":"attributes.seats","op":"gte","value":12}""", true)]
    [InlineData("""{"field":"attributes.seats","op":"gt","value":"1"}""", false)]
    [InlineData("""{"field":"attributes.trial","op":"eq","value":false}""", true)]
    [InlineData("""{"field":"attributes.renewal","op":"lt","value":"2026-10-01"}""", true)]
    [InlineData("""{"field":"attributes.missing","op":"exists"}""", false)]
    [InlineData("""{"field":"attributes.missing","op":"ne","value":"x"}""", true)]
    public void Matches_DynamicAttribute_IsTypedByTheLiteral(string json, bool expected)
    {
        Assert.Equal(expected, Matches(json, Ada));
    }

    [Theory]
    [InlineData("""{"field":"purchaseCount","op":"eq","value":2}""", true, false)]
    [InlineData("""{"field":"purchaseCount","op":"eq","value":0}""", false, true)]
    [InlineData("""{"field":"totalSpent","op":"eq","value":115}""", true, false)]
    [InlineData("""{"field":"totalSpent","op":"eq","value":0}""", false, true)]
    [InlineData("""{"field":"averageOrderValue","op":"eq","value":57.5}""", true, false)]
    [InlineData("""{"field":"averageOrderValue","op":"exists"}""", true, false)]
    [InlineData("""{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""", true, false)]
    [InlineData("""{"field":"firstPurchaseAt","op":"gte","value":"P30D"}""", false, false)]
    [InlineData("""{"field":"interactionCount","op":"gte","value":2}""", true, false)]
    [InlineData("""{"field":"lastInteractionAt","op":"gte","value":"P7D"}""", true, false)]
    public void Matches_Aggregate_ComputedFromRelatedRecords(string json, bool ada, bool bob)
    {
        Assert.Equal(ada, Matches(json, Ada));
        Assert.Equal(bob, Matches(json, Bob));
    }

    [Theory]
    [InlineData("""{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"direction","op":"eq","value":"inbound"}]}}""", true)]
    [InlineData("""{"some":"interactions","where":{"field":"occurredAt","op":"gte","value":"P1D"}}""", false)]
    [InlineData("""{"count":"interactions","op":"eq","value":2}""", true)]
    [InlineData("""{"count":"purchases","where":{"field":"total","op":"gt","value":50},"op":"eq","value":1}""", true)]
    [InlineData("""{"some":"purchaseLines","where":{"field":"category","op":"eq","value":"parts"}}""", true)]
    [InlineData("""{"some":"purchaseLines","where":{"field":"total","op":"eq","value":15}}""", true)]
    [InlineData("""{"not":{"some":"purchases"}}""", false)]
    [InlineData("""{"all":[]}""", true)]
    [InlineData("""{"any":[]}""", false)]
    public void Matches_Relation_CountsMatchingRelatedRecords(string json, bool expected)
    {
        Assert.Equal(expected, Matches(json, Ada));
    }

    [Fact]
    public void Matches_NotAroundMissingField_IsTwoValued()
    {
        // Bob has no company: eq is false, so not(eq) must be true (no SQL-style unknown).
        Assert.True(Matches("""{"not":{"field":"company","op":"eq","value":"x"}}""", Bob));
        Assert.False(Matches("""{"field":"company","op":"eq","value":"x"}""", Bob));
    }

    [Fact]
    public void Compile_UnboundConditionBuiltInCode_IsBoundAndChecked()
    {
        var condition = Condition.All(Condition.Compare("country", ComparisonOperator.Eq, new StringValue("GB")));
        var compiled = ConditionEvaluator.Compile(condition, CrmFields.Customer);

        Assert.True(compiled.Matches(new CustomerConditionTarget(Ada), Now));
        Assert.Throws<CrmValidationException>(() => ConditionEvaluator.Compile(Condition.Compare("nope", ComparisonOperator.Exists), CrmFields.Customer));
    }
}
