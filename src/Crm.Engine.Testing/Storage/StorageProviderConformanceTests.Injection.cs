using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    private const string Injection = "x'); DROP TABLE customers;--";

    /// <summary>Checks that SQL-looking values are stored and compared as plain text and harm no table.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Injection_SqlLookingValues_AreJustData()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stored = await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 1, DateTimeOffset.UnixEpoch) with
            {
                LastName = Injection,
                Tags = ["\"]'); DELETE FROM customers;--"],
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["note"] = "' OR '1'='1" },
            }, None).ConfigureAwait(false);

            Assert.Equal(0, await CountAsync(session, $$"""{"field":"firstName","op":"eq","value":"{{Injection}}"}""").ConfigureAwait(false));
            Assert.Equal(0, await CountAsync(session, """{"field":"firstName","op":"eq","value":"' OR '1'='1"}""").ConfigureAwait(false));
            Assert.Equal(0, await CountAsync(session, """{"field":"attributes.note","op":"eq","value":"x' OR 1=1 --"}""").ConfigureAwait(false));
            Assert.Equal(1, await CountAsync(session, $$"""{"field":"lastName","op":"eq","value":"{{Injection}}"}""").ConfigureAwait(false));
            Assert.Equal(1, await CountAsync(session, """{"field":"tags","op":"contains","value":"\"]'); DELETE FROM customers;--"}""").ConfigureAwait(false));
            Assert.Equal(1, await CountAsync(session, """{"field":"attributes.note","op":"eq","value":"' OR '1'='1"}""").ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByEmailAsync("' OR 1=1 --", None).ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByExternalIdAsync(Injection, None).ConfigureAwait(false));

            // The table survived and still holds the record.
            Assert.Equal(Injection, (await session.Customers.GetAsync(stored.Id, None).ConfigureAwait(false))?.LastName);
            Assert.Equal(1, await session.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that SQL-looking field, attribute and relation names are rejected by binding with a validation error.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>A task that completes when the test has run.</returns>
    [Theory]
    [InlineData(Injection)]
    [InlineData("firstName; DROP TABLE customers")]
    [InlineData("attributes.x'); DROP TABLE customers;--")]
    [InlineData("attributes.a\".\"b")]
    [InlineData("attributes.")]
    public virtual async Task Injection_SqlLookingFieldNames_AreRejected(string field)
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 1, DateTimeOffset.UnixEpoch), None).ConfigureAwait(false);
            var byField = new StorageQuery { Filter = Condition.Compare(field, ComparisonOperator.Eq, new StringValue("x")) };
            var error = await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.QueryAsync(byField, None)).ConfigureAwait(false);
            Assert.Contains(error.Errors, e => e.Rule == "unknownField");
            await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.CountAsync(byField, None)).ConfigureAwait(false);

            var byRelation = new StorageQuery { Filter = Condition.Some(field) };
            await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.CountAsync(byRelation, None)).ConfigureAwait(false);
            Assert.Equal(1, await session.Customers.CountAsync(new StorageQuery(), None).ConfigureAwait(false));
        }
    }

    private static async Task<long> CountAsync(IStorageSession session, string condition) =>
        await session.Customers.CountAsync(
            new StorageQuery { Filter = ConditionParser.Parse(condition, CrmFields.Customer), AsOf = ConditionDataSet.AsOf },
            CancellationToken.None).ConfigureAwait(false);
}
