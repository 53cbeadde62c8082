using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Sqlite.Querying;

namespace Crm.Plugins.Storage.Sqlite.Tests;

public sealed class SqlConditionTranslatorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Translate_LiteralsAndAttributeKeys_BecomeParametersOnly()
    {
        const string json = """
            {"all":[
              {"field":"firstName","op":"eq","value":"Zebra'); DROP TABLE customers;--"},
              {"field":"company","op":"contains","value":"LiteralCompany"},
              {"field":"tags","op":"in","value":["tagLiteralA","tagLiteralB"]},
              {"field":"attributes.secretKey987","op":"gt","value":424242.4242},
              {"field":"attributes.flagKey","op":"eq","value":true},
              {"field":"birthDate","op":"lt","value":"1987-06-05"},
              {"field":"createdAt","op":"gte","value":"2031-07-04T05:06:07Z"},
              {"field":"totalSpent","op":"between","value":[13579,97531.25]},
              {"count":"interactions","where":{"field":"channel","op":"eq","value":"channelLiteral"},"op":"gt","value":8642},
              {"some":"purchaseLines","where":{"field":"sku","op":"startsWith","value":"skuLiteral"}}
            ]}
            """;
        var condition = ConditionParser.Parse(json, CrmFields.Customer);
        var translator = new SqlConditionTranslator(AsOf);

        var sql = translator.Translate(condition, SqlFieldMaps.Customer, "c");

        string[] literals =
        [
            "Zebra", "DROP", "LiteralCompany", "tagLiteral", "secretKey987", "flagKey", "424242", "1987", "2031", "13579", "97531",
            "channelLiteral", "8642", "skuLiteral", "'",
        ];
        foreach (var literal in literals)
        {
            Assert.DoesNotContain(literal, sql.Replace("'text'", "", StringComparison.Ordinal)
                .Replace("'integer', 'real'", "", StringComparison.Ordinal)
                .Replace("'true', 'false'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var values = translator.Parameters.Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains("Zebra'); DROP TABLE customers;--", values);
        Assert.Contains("$.\"secretKey987\"", values);
        Assert.Contains("8642", values);
        Assert.Contains("135790000", values);
        Assert.Contains("975312500", values);
        Assert.All(translator.Parameters, p => Assert.Contains(p.Key, sql, StringComparison.Ordinal));
    }

    [Fact]
    public void Translate_NegatedNullableComparison_StaysTwoValued()
    {
        var translator = new SqlConditionTranslator(AsOf);
        var sql = translator.Translate(ConditionParser.Parse("""{"field":"company","op":"ne","value":"Acme"}""", CrmFields.Customer), SqlFieldMaps.Customer, "c");

        // NOT over a NULL would stay NULL (false); IS NOT 1 makes a missing company "not equal", as the evaluator says.
        Assert.Equal("((c.company = @p0) IS NOT 1)", sql);
    }

    [Fact]
    public void Translate_SomeRelation_UsesUncorrelatedInWithTenant()
    {
        var translator = new SqlConditionTranslator(AsOf);
        var sql = translator.Translate(
            ConditionParser.Parse("""{"some":"purchases","where":{"field":"purchasedAt","op":"gte","value":"P30D"}}""", CrmFields.Customer),
            SqlFieldMaps.Customer,
            "c");

        Assert.Equal("(c.id IN (SELECT r1.customer_id FROM purchases r1 WHERE r1.tenant_id = @tenant AND (r1.purchased_at >= @p0)))", sql);
        Assert.Equal(AsOf.AddDays(-30).UtcTicks, translator.Parameters.Single().Value);
    }

    [Theory]
    [InlineData("gt", 20.00005, ">", 200000)]
    [InlineData("gte", 20.00005, ">=", 200001)]
    [InlineData("lt", 20.00005, "<", 200001)]
    [InlineData("lte", 20.00005, "<=", 200000)]
    [InlineData("eq", 20.5, "=", 205000)]
    public void Translate_NumberOnScaledColumn_ComparesExactIntegers(string op, double literal, string symbol, long parameter)
    {
        var translator = new SqlConditionTranslator(AsOf);
        var condition = Condition.Compare("total", ConditionParser.ParseOperator(op)!.Value, new NumberValue((decimal)literal));

        var sql = translator.Translate(ConditionBinder.Bind(condition, CrmFields.Purchase), SqlFieldMaps.Purchase, "p");

        Assert.Equal($"(p.total {symbol} @p0)", sql);
        Assert.Equal(parameter, translator.Parameters.Single().Value);
    }

    [Fact]
    public void Translate_EqualityWithMoreThanFourDecimals_IsFalseWithoutQuery()
    {
        var translator = new SqlConditionTranslator(AsOf);
        var sql = translator.Translate(ConditionParser.Parse("""{"field":"total","op":"eq","value":1.00001}""", CrmFields.Purchase), SqlFieldMaps.Purchase, "p");

        Assert.Equal("0", sql);
        Assert.Empty(translator.Parameters);
    }

    [Fact]
    public void FieldMaps_CoverEveryCatalogFieldAndRelation()
    {
        AssertCovers(CrmFields.Customer, SqlFieldMaps.Customer);
        AssertCovers(CrmFields.Interaction, SqlFieldMaps.Interaction);
        AssertCovers(CrmFields.Purchase, SqlFieldMaps.Purchase);
        AssertCovers(CrmFields.PurchaseLine, SqlFieldMaps.PurchaseLine);
        Assert.NotNull(SqlFieldMaps.Customer.AttributesColumn);
    }

    private static void AssertCovers(FieldCatalog catalog, SqlFieldMap map)
    {
        Assert.Equal(catalog.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), map.FieldNames.Order(StringComparer.Ordinal));
        Assert.Equal(catalog.Relations.Order(StringComparer.Ordinal), map.RelationNames.Order(StringComparer.Ordinal));
        foreach (var relation in catalog.Relations)
        {
            Assert.True(catalog.TryGetRelation(relation, out var related));
            Assert.True(map.TryGetRelation(relation, out var mapped));
            AssertCovers(related, mapped.Fields);
        }
    }
}
