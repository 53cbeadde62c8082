using NJsonSchema;

namespace Crm.Engine.Abstractions.Tests;

public class ConditionSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schemas", "condition.schema.json")).GetAwaiter().GetResult());

    [Theory]
    [InlineData("""{"field":"country","op":"eq","value":"DE"}""")]
    [InlineData("""{"field":"company","op":"exists"}""")]
    [InlineData("""{"all":[{"field":"totalSpent","op":">=","value":100},{"not":{"field":"tags","op":"contains","value":"vip"}}]}""")]
    [InlineData("""{"some":"interactions","where":{"field":"channel","op":"in","value":["email","chat"]}}""")]
    [InlineData("""{"count":"purchases","op":"gte","value":3}""")]
    public void Validate_ValidCondition_HasNoErrors(string json)
    {
        Assert.Empty(Schema.Value.Validate(json));
    }

    [Theory]
    [InlineData("""{"field":"country","op":"like","value":"DE"}""")]
    [InlineData("""{"field":"country","op":"eq"}""")]
    [InlineData("""{"field":"country","op":"in","value":"DE"}""")]
    [InlineData("""{"all":{}}""")]
    [InlineData("""{"count":"purchases","op":"gte","value":-1}""")]
    [InlineData("""{"field":"country","op":"eq","value":"DE","extra":true}""")]
    public void Validate_InvalidCondition_HasErrors(string json)
    {
        Assert.NotEmpty(Schema.Value.Validate(json));
    }
}
