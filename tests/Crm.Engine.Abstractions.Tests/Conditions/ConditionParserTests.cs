using Crm.Engine.Conditions;

namespace Crm.Engine.Abstractions.Tests.Conditions;

public class ConditionParserTests
{
    [Fact]
    public void Parse_ComparisonWithEachOperatorName_BindsOperator()
    {
        var cases = new (string Json, ComparisonOperator Op)[]
        {
            ("""{"field":"company","op":"eq","value":"Acme"}""", ComparisonOperator.Eq),
            ("""{"field":"company","op":"ne","value":"Acme"}""", ComparisonOperator.Ne),
            ("""{"field":"totalSpent","op":"gt","value":1}""", ComparisonOperator.Gt),
            ("""{"field":"totalSpent","op":">=","value":1}""", ComparisonOperator.Gte),
            ("""{"field":"totalSpent","op":"lt","value":1}""", ComparisonOperator.Lt),
            ("""{"field":"totalSpent","op":"<=","value":1}""", ComparisonOperator.Lte),
            ("""{"field":"country","op":"in","value":["DE","AT"]}""", ComparisonOperator.In),
            ("""{"field":"company","op":"contains","value":"cm"}""", ComparisonOperator.Contains),
            ("""{"field":"company","op":"startsWith","value":"Ac"}""", ComparisonOperator.StartsWith),
            ("""{"field":"company","op":"exists"}""", ComparisonOperator.Exists),
            ("""{"field":"totalSpent","op":"between","value":[1,5]}""", ComparisonOperator.Between),
        };

        foreach (var (json, op) in cases)
        {
            var condition = Assert.IsType<ComparisonCondition>(ConditionParser.Parse(json, CrmFields.Customer));
            Assert.Equal(op, condition.Operator);
        }
    }

    [Fact]
    public void Parse_NestedGroups_KeepsStructureAndPaths()
    {
        var condition = ConditionParser.Parse("""
            {"all":[
              {"any":[{"field":"country","op":"eq","value":"DE"},{"not":{"field":"tags","op":"contains","value":"vip"}}]},
              {"some":"interactions","where":{"field":"channel","op":"eq","value":"email"}},
              {"count":"purchases","op":"gte","value":3}
            ]}
            """, CrmFields.Customer);

        var all = Assert.IsType<AllCondition>(condition);
        var any = Assert.IsType<AnyCondition>(all.Conditions[0]);
        Assert.Equal("$.all[0]", any.Path);
        Assert.Equal("$.all[0].any[1].not", Assert.IsType<NotCondition>(any.Conditions[1]).Condition.Path);
        var some = Assert.IsType<RelationCondition>(all.Conditions[1]);
        Assert.True(some.IsSome);
        var count = Assert.IsType<RelationCondition>(all.Conditions[2]);
        Assert.Equal((ComparisonOperator.Gte, 3L), (count.CountOperator, count.Count));
        Assert.Null(count.Where);
    }

    [Fact]
    public void Parse_ExistsFalse_BecomesNotExists()
    {
        var condition = ConditionParser.Parse("""{"field":"company","op":"exists","value":false}""", CrmFields.Customer);

        var not = Assert.IsType<NotCondition>(condition);
        Assert.Equal(ComparisonOperator.Exists, Assert.IsType<ComparisonCondition>(not.Condition).Operator);
    }

    [Theory]
    [InlineData("""{"all":[{"field":"emial","op":"eq","value":"a@b.de"}]}""", "$.all[0].field", 1, "unknown field 'emial' for customer. Did you mean 'email'?")]
    [InlineData("""{"field":"company","op":"like","value":"x"}""", "$.op", 1, "unknown operator 'like'")]
    [InlineData("""{"field":"company","op":"eq"}""", "$", 1, "needs a 'value'")]
    [InlineData("""{"field":"company","op":"eq","value":"x","extra":1}""", "$.extra", 1, "unknown property 'extra'")]
    [InlineData("""{"field":"company","all":[]}""", "$.all", 1, "exactly one of")]
    [InlineData("""{"value":1}""", "$", 1, "needs one of")]
    [InlineData("""{"all":{}}""", "$.all", 1, "takes an array")]
    [InlineData("""{"field":"company","op":"eq","value":null}""", "$.value", 1, "null is not a value")]
    [InlineData("""{"field":"totalSpent","op":"gt","value":"ten"}""", "$.value", 1, "\"ten\" is not a valid value for number field 'totalSpent'")]
    [InlineData("""{"field":"totalSpent","op":"startsWith","value":"1"}""", "$.op", 1, "does not apply to number field")]
    [InlineData("""{"field":"lifecycleStage","op":"eq","value":"Prospect"}""", "$.value", 1, "expected one of Subscriber")]
    [InlineData("""{"field":"createdAt","op":"gte","value":"last month"}""", "$.value", 1, "expected an ISO 8601 date-time")]
    [InlineData("""{"field":"country","op":"between","value":["A"]}""", "$.value", 1, "exactly two values")]
    [InlineData("""{"field":"country","op":"in","value":[]}""", "$.value", 1, "non-empty list")]
    [InlineData("""{"some":"orders"}""", "$", 1, "unknown relation 'orders' for customer. Known relations: 'interactions'")]
    [InlineData("""{"count":"purchases","op":"gte","value":-1}""", "$.value", 1, "non-negative")]
    [InlineData("""{"field":"attributes.bad key","op":"eq","value":1}""", "$.field", 1, "Attribute keys use letters")]
    [InlineData("[1,2]", "$", 1, "expected a condition object")]
    public void Parse_InvalidCondition_ThrowsNamingPathAndLine(string json, string path, int line, string message)
    {
        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse(json, CrmFields.Customer, "segment.json"));

        var first = error.Errors[0];
        Assert.Equal(path, first.Path);
        Assert.Equal(line, first.Line);
        Assert.Equal("segment.json", first.Source);
        Assert.Contains(message, first.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorOnLaterLine_ReportsThatLineAndColumn()
    {
        const string json = "{\n  \"all\": [\n    {\"field\": \"country\", \"op\": \"eq\", \"value\": \"DE\"},\n    {\"field\": \"nope\", \"op\": \"eq\", \"value\": 1}\n  ]\n}";

        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse(json, CrmFields.Customer, "s.json"));

        Assert.StartsWith("s.json(4,15): $.all[1].field: unknown field 'nope' for customer.", error.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal((4, 15), (error.Errors[0].Line, error.Errors[0].Column));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllOfThem()
    {
        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse(
            """{"any":[{"field":"a1","op":"eq","value":1},{"field":"company","op":"zz","value":1},{"field":"b2","op":"eq","value":1}]}""",
            CrmFields.Customer));

        Assert.Equal(["$.any[0].field", "$.any[1].op", "$.any[2].field"], error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_MalformedJson_ReportsSyntaxErrorWithLine()
    {
        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse("{\"all\": [\n  {\"field\": }\n]}", CrmFields.Customer, "bad.json"));

        Assert.Equal("syntax", error.Errors[0].Rule);
        Assert.Equal(2, error.Errors[0].Line);
        Assert.Equal("bad.json", error.Errors[0].Source);
    }

    [Fact]
    public void Parse_TooDeep_IsRejectedWithoutStackOverflow()
    {
        var json = string.Concat(Enumerable.Repeat("{\"not\":", 40)) + "{\"field\":\"company\",\"op\":\"exists\"}" + new string('}', 40);

        var error = Assert.Throws<CrmValidationException>(() => ConditionParser.Parse(json, CrmFields.Customer));

        Assert.Contains(error.Errors, e => e.Rule == "depth");
    }

    [Theory]
    [InlineData("P30D", typeof(RelativeDateValue))]
    [InlineData("2026-01-31", typeof(DateTimeValue))]
    [InlineData("2026-01-31T10:00:00+02:00", typeof(DateTimeValue))]
    public void Parse_DateTimeField_BindsStringToInstantOrRelative(string value, Type expected)
    {
        var condition = (ComparisonCondition)ConditionParser.Parse($$"""{"field":"createdAt","op":"gte","value":"{{value}}"}""", CrmFields.Customer);

        Assert.IsType(expected, condition.Value);
    }

    [Fact]
    public void Parse_EnumValueInAnyCase_IsCanonicalized()
    {
        var condition = (ComparisonCondition)ConditionParser.Parse("""{"field":"lifecycleStage","op":"in","value":["customer","LEAD"]}""", CrmFields.Customer);

        Assert.Equal([new StringValue("Customer"), new StringValue("Lead")], ((ListValue)condition.Value!).Items);
    }
}
