using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider implements the customer-data stores as the engine needs them: custom field
/// definitions (<see cref="IStorageSession.CustomFields"/>), duplicate keys, re-pointing and merge records
/// (<see cref="IStorageSession.Merges"/>), saved segments evaluated in the database with behavioural aggregates and
/// RFM scores (<see cref="IStorageSession.Segments"/>), and consent and erasure (<see cref="IStorageSession.Privacy"/>),
/// each scoped to the session's tenant and joining the session's transaction.
/// </summary>
/// <remarks>
/// Enroll a provider with one line:
/// <code>public sealed class SqliteCustomerDataConformance(SqliteFixture fixture) : CustomerDataStorageConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// Tests share the fixture's database and work in tenants of their own. Expected answers are computed by hand from
/// small data sets; relative dates resolve against a fixed instant, never a clock.
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class CustomerDataStorageConformanceTests<TFixture> : StorageConformanceTests<TFixture>
    where TFixture : class, IStorageProviderFixture
{
    /// <summary>The instant relative dates and RFM recency are measured from.</summary>
    protected static readonly DateTimeOffset AsOf = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected CustomerDataStorageConformanceTests(TFixture fixture)
        : base(fixture)
    {
    }

    /// <inheritdoc />
    protected override string TenantPrefix => "cd";

    /// <summary>
    /// Checks that custom field definitions round-trip every property, list in ordinal key order, are replaced by key,
    /// and are deleted once.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CustomFields_UpsertListDelete_RoundTripEveryPropertyInKeyOrder()
    {
        var tenant = NewTenantId();
        var plan = new CustomFieldDefinition("plan", CustomFieldType.Enum) { Label = "Plan «tier»", Required = true, AllowedValues = ["Free", "Pro", "O'Brien"] };
        var seats = new CustomFieldDefinition("seats", CustomFieldType.Number) { Minimum = 1.5m, Maximum = 500 };
        var signup = new CustomFieldDefinition("Signup", CustomFieldType.Date) { EarliestDate = new DateOnly(2020, 2, 29), LatestDate = new DateOnly(2030, 12, 31) };
        var code = new CustomFieldDefinition("code", CustomFieldType.String) { Pattern = """^[A-Z]{2}-\d+$ ; DROP TABLE custom_fields; --""", Maximum = 12 };
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var definition in new[] { seats, plan, signup, code })
            {
                await session.CustomFields.UpsertAsync(definition, None).ConfigureAwait(false);
            }

            var listed = await session.CustomFields.ListAsync(None).ConfigureAwait(false);
            Assert.Equal(["Signup", "code", "plan", "seats"], listed.Select(d => d.Key));
            AssertSameDefinition(signup, listed[0]);
            AssertSameDefinition(code, listed[1]);
            AssertSameDefinition(plan, listed[2]);
            AssertSameDefinition(seats, listed[3]);

            var replaced = new CustomFieldDefinition("plan", CustomFieldType.String) { Label = "Plan (free text)" };
            await session.CustomFields.UpsertAsync(replaced, None).ConfigureAwait(false);
            AssertSameDefinition(replaced, (await session.CustomFields.ListAsync(None).ConfigureAwait(false)).Single(d => d.Key == "plan"));

            Assert.True(await session.CustomFields.DeleteAsync("seats", None).ConfigureAwait(false));
            Assert.False(await session.CustomFields.DeleteAsync("seats", None).ConfigureAwait(false));
            Assert.False(await session.CustomFields.DeleteAsync("SIGNUP", None).ConfigureAwait(false));
            Assert.Equal(["Signup", "code", "plan"], (await session.CustomFields.ListAsync(None).ConfigureAwait(false)).Select(d => d.Key));
        }
    }

    /// <summary>Stores a customer with interactions (channel, days before <see cref="AsOf"/>) and one-line purchases (days before, amount).</summary>
    /// <param name="session">The session to write through.</param>
    /// <param name="name">The customer's last name.</param>
    /// <param name="interactions">The interactions.</param>
    /// <param name="purchases">The purchases.</param>
    /// <returns>The stored customer.</returns>
    protected static async Task<Customer> SeedCustomerAsync(IStorageSession session, string name, (string Channel, double DaysAgo)[] interactions, (double DaysAgo, decimal Amount)[] purchases)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(purchases);
        var customer = await session.Customers.InsertAsync(ConformanceData.Customer(session.TenantId, 0, AsOf.AddYears(-3)) with { FirstName = "Seed", LastName = name, Emails = [] }, None).ConfigureAwait(false);
        foreach (var (channel, daysAgo) in interactions)
        {
            await session.Interactions.InsertAsync(ConformanceData.Interaction(session.TenantId, customer.Id, AsOf.AddDays(-daysAgo), channel), None).ConfigureAwait(false);
        }

        foreach (var (daysAgo, amount) in purchases)
        {
            await session.Purchases.InsertAsync(ConformanceData.Purchase(session.TenantId, customer.Id, AsOf.AddDays(-daysAgo), new PurchaseLine("sku", "Item", 1, amount)), None).ConfigureAwait(false);
        }

        return customer;
    }

    private static void AssertSameDefinition(CustomFieldDefinition expected, CustomFieldDefinition actual)
    {
        Assert.Equal(
            (expected.Key, expected.Type, expected.Label, expected.Required, expected.Minimum, expected.Maximum, expected.EarliestDate, expected.LatestDate, expected.Pattern),
            (actual.Key, actual.Type, actual.Label, actual.Required, actual.Minimum, actual.Maximum, actual.EarliestDate, actual.LatestDate, actual.Pattern));
        Assert.Equal(expected.AllowedValues, actual.AllowedValues);
    }
}
