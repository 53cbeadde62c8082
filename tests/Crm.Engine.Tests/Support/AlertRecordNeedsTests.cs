using Crm.Engine.Conditions;
using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

/// <summary>The event-time alert check reads only the related records its rules refer to.</summary>
public sealed class AlertRecordNeedsTests
{
    [Theory]
    [InlineData("""{"count":"interactions","where":{"field":"subject","op":"contains","value":"complaint"},"op":"gte","value":3}""", true, false, false)]
    [InlineData("""{"not":{"some":"purchaseLines","where":{"field":"sku","op":"eq","value":"A"}}}""", false, true, false)]
    [InlineData("""{"any":[{"field":"totalSpent","op":"gt","value":100},{"field":"city","op":"eq","value":"Berlin"}]}""", false, true, false)]
    [InlineData("""{"all":[{"count":"cases","op":"gt","value":2},{"field":"lastInteractionAt","op":"lt","value":"P30D"}]}""", true, false, true)]
    [InlineData("""{"field":"tags","op":"contains","value":"vip"}""", false, false, false)]
    public void Of_NamesTheRelationsAndAggregatesTheConditionsRead(string condition, bool interactions, bool purchases, bool cases)
    {
        var needs = AlertRecordNeeds.Of([ConditionParser.Parse(condition, CrmFields.Customer)]);

        Assert.Equal(new AlertRecordNeeds(interactions, purchases, cases), needs);
    }

    [Fact]
    public void Of_SeveralRules_IsTheUnion()
    {
        var needs = AlertRecordNeeds.Of(
        [
            ConditionParser.Parse("""{"some":"interactions"}""", CrmFields.Customer),
            ConditionParser.Parse("""{"some":"cases"}""", CrmFields.Customer),
        ]);

        Assert.Equal(new AlertRecordNeeds(true, false, true), needs);
    }
}
