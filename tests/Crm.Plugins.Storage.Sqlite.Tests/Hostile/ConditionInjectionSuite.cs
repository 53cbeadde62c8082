using System.Text.Json;
using Crm.Engine;
using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Hostile.Storage;

/// <summary>
/// Generated SQL injection attempts through every string-valued customer field and each of its operators, through an
/// attribute value, and as field, attribute and relation names: values are only data (the count equals the in-memory
/// evaluator's, so no extra rows), names are refused with a <see cref="CrmValidationException"/>, and the schema and the
/// stored rows are unchanged afterwards. Shared by the SQLite and PostgreSQL test projects (linked source).
/// </summary>
/// <typeparam name="TFixture">The provider fixture.</typeparam>
public abstract class ConditionInjectionSuite<TFixture>(TFixture fixture, ITestOutputHelper output)
    where TFixture : class, IStorageProviderFixture
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Fragments =
    [
        "' OR '1'='1", "' OR 1=1 --", "x'); DROP TABLE customers;--", "\"; DROP TABLE customers; --", "') OR ('a'='a", "%' OR '%'='",
        "1; DELETE FROM customers", "' UNION SELECT * FROM customers --", "\\'; SELECT 1; --", "$1", "?", ":name", "@p0", "%", "_", "\\",
        "'||(SELECT tenant_id FROM customers LIMIT 1)||'", "$$; DROP TABLE customers; $$", "E'\\x27'", "*/ OR 1=1 /*", "\u02BC OR 1=1 --",
        "\uFF07 OR 1=1 --", "\0' OR 1=1", "x\" OR \"1\"=\"1", "json_extract(attributes, '$')", "'); PRAGMA writable_schema=1; --",
    ];

    /// <summary>Gets the provider fixture.</summary>
    protected TFixture Fixture => fixture;

    /// <summary>Returns a text that changes whenever a table, column or index is added, dropped or altered.</summary>
    protected abstract Task<string> SchemaFingerprintAsync();

    [Fact]
    public async Task InjectionAttempts_AreDataOrRefused_AndChangeNothing()
    {
        await fixture.Provider.InitializeAsync(CancellationToken.None);
        var tenant = "inject-" + Guid.NewGuid().ToString("N")[..8];
        var session = await fixture.Provider.OpenSessionAsync(tenant, CancellationToken.None);
        await using var sessionScope = session;
        var stored = new List<Customer>();
        for (var i = 0; i < 3; i++)
        {
            stored.Add(await session.Customers.InsertAsync(new Customer
            {
                TenantId = tenant,
                Id = Guid.CreateVersion7(AsOf.AddSeconds(i)),
                FirstName = i == 2 ? Fragments[0] : "Ada" + i,
                LastName = "Lovelace",
                Company = i == 1 ? "Acme" : null,
                Emails = [$"ada{i}@example.com"],
                Tags = i == 0 ? ["vip", Fragments[2]] : [],
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["note"] = i == 1 ? Fragments[1] : "plain" },
                CreatedAt = AsOf,
                UpdatedAt = AsOf,
            }, CancellationToken.None));
        }

        var schemaBefore = await SchemaFingerprintAsync();
        var targets = stored.Select(c => new CustomerConditionTarget(c)).ToList();
        var fields = CrmFields.Customer.Fields.Where(f => f.Type is FieldType.String or FieldType.StringSet or FieldType.Enum).Select(f => (f.Name, f.Operators)).ToList();
        fields.Add(("attributes.note", new FieldDescriptor("x", FieldType.String).Operators));
        var (values, refusedValues, names) = (0, 0, 0);
        foreach (var (field, operators) in fields)
        {
            foreach (var op in operators.Where(o => o != ComparisonOperator.Exists))
            {
                foreach (var fragment in Fragments)
                {
                    var text = JsonSerializer.Serialize(fragment);
                    var value = op is ComparisonOperator.In or ComparisonOperator.Between ? $"[{text}, {JsonSerializer.Serialize(fragment + "z")}]" : text;
                    Condition condition;
                    try
                    {
                        condition = ConditionParser.Parse($$"""{ "field": "{{field}}", "op": "{{ConditionParser.OperatorName(op)}}", "value": {{value}} }""", CrmFields.Customer);
                    }
                    catch (CrmValidationException)
                    {
                        refusedValues++; // e.g. an enum field given a value outside its list
                        continue;
                    }

                    values++;
                    var count = await session.Customers.CountAsync(new StorageQuery { Filter = condition, AsOf = AsOf }, CancellationToken.None);
                    var compiled = ConditionEvaluator.Compile(condition, CrmFields.Customer);
                    var expected = targets.Count(t => compiled.Matches(t, AsOf));
                    if (op is ComparisonOperator.Gt or ComparisonOperator.Gte or ComparisonOperator.Lt or ComparisonOperator.Lte or ComparisonOperator.Between)
                    {
                        // Ordering depends on the database collation for punctuation; an injection would still show as extra rows.
                        Assert.InRange(count, 0, stored.Count);
                    }
                    else
                    {
                        Assert.True(expected == count, $"{field} {op} {fragment}: the database counted {count}, the evaluator {expected}.");
                    }
                }
            }
        }

        foreach (var fragment in Fragments)
        {
            foreach (var name in new[] { fragment, "firstName" + fragment, FieldCatalog.AttributePrefix + fragment, "attributes.note" + fragment })
            {
                names++;
                var byField = new StorageQuery { Filter = Condition.Compare(name, ComparisonOperator.Eq, new StringValue("x")) };
                if (FieldCatalog.IsAttributeField(name) && FieldCatalog.IsSafeAttributeKey(name.AsSpan(FieldCatalog.AttributePrefix.Length)))
                {
                    // A harmless key (such as "note_"): a valid name no customer has.
                    Assert.Equal(0, await session.Customers.CountAsync(byField, CancellationToken.None));
                }
                else
                {
                    var refused = await Record.ExceptionAsync(() => session.Customers.CountAsync(byField, CancellationToken.None));
                    Assert.True(refused is CrmValidationException, $"the field name '{name}' was not refused: {refused?.GetType().Name ?? "no exception"}");
                    await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.QueryAsync(byField, CancellationToken.None));
                }

                var byRelation = new StorageQuery { Filter = Condition.Some(name) };
                await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.CountAsync(byRelation, CancellationToken.None));
            }
        }

        output.WriteLine($"condition injection ({fixture.Provider.Name}): value-cases={values} refused-by-binding={refusedValues} name-cases={names} (x3 queries each) fragments={Fragments.Length}");
        Assert.Equal(schemaBefore, await SchemaFingerprintAsync());
        Assert.Equal(stored.Count, await session.Customers.CountAsync(new StorageQuery(), CancellationToken.None));
        foreach (var customer in stored)
        {
            Assert.Equal(customer.FirstName, (await session.Customers.GetAsync(customer.Id, CancellationToken.None))!.FirstName);
        }

        Assert.True(values > 500, $"only {values} value cases ran");
    }
}
