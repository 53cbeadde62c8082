using Xunit;

namespace Crm.Engine.Testing.Storage;

public abstract partial class StorageProviderConformanceTests<TFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Checks that a customer using every field reads back equal, with version 1 and the same instants.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Customers_InsertThenGet_RoundTripsEveryField()
    {
        var tenant = NewTenantId();
        var customer = ConformanceData.FullCustomer(tenant);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var inserted = await session.Customers.InsertAsync(customer, None).ConfigureAwait(false);
            Assert.Equal(1, inserted.Version);

            var read = await session.Customers.GetAsync(customer.Id, None).ConfigureAwait(false);
            Assert.NotNull(read);
            AssertSameCustomer(customer with { Version = 1 }, read);
        }
    }

    /// <summary>Checks that an update replaces the record and increments its version, and a delete removes it.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Customers_UpdateThenDelete_ReplacesThenRemoves()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var inserted = await session.Customers.InsertAsync(ConformanceData.FullCustomer(tenant), None).ConfigureAwait(false);
            var changed = inserted with
            {
                Company = null,
                Emails = ["new@example.com"],
                Tags = [],
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["plan"] = "silver" },
                Demographics = Demographics.Empty,
                LifecycleStage = LifecycleStage.Churned,
                UpdatedAt = inserted.UpdatedAt.AddDays(1),
            };

            var updated = await session.Customers.UpdateAsync(changed, None).ConfigureAwait(false);
            Assert.Equal(2, updated.Version);
            var read = await session.Customers.GetAsync(inserted.Id, None).ConfigureAwait(false);
            AssertSameCustomer(changed with { Version = 2 }, read!);
            Assert.Null(await session.Customers.FindByEmailAsync("zoe@example.com", None).ConfigureAwait(false));
            Assert.Equal(inserted.Id, (await session.Customers.FindByEmailAsync("new@example.com", None).ConfigureAwait(false))?.Id);

            await session.Customers.DeleteAsync(inserted.Id, 2, None).ConfigureAwait(false);
            Assert.Null(await session.Customers.GetAsync(inserted.Id, None).ConfigureAwait(false));
            Assert.Null(await session.Customers.FindByEmailAsync("new@example.com", None).ConfigureAwait(false));
            await Assert.ThrowsAsync<CrmNotFoundException>(() => session.Customers.DeleteAsync(inserted.Id, 2, None)).ConfigureAwait(false);
        }
    }

    /// <summary>Checks that customers are found by any of their addresses, in any case, and by external id.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Customers_FindByEmailAndExternalId_FindsTheCustomer()
    {
        var tenant = NewTenantId();
        var customer = ConformanceData.FullCustomer(tenant);
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.InsertAsync(customer, None).ConfigureAwait(false);
            await session.Customers.InsertAsync(ConformanceData.Customer(tenant, 1, customer.CreatedAt), None).ConfigureAwait(false);
            var mixedCase = await session.Customers.InsertAsync(
                ConformanceData.Customer(tenant, 2, customer.CreatedAt) with { Emails = ["Mixed.Case@Example.COM"] }, None).ConfigureAwait(false);
            Assert.Equal(mixedCase.Id, (await session.Customers.FindByEmailAsync("mixed.case@example.com", None).ConfigureAwait(false))?.Id);
            Assert.Equal(["Mixed.Case@Example.COM"], (await session.Customers.GetAsync(mixedCase.Id, None).ConfigureAwait(false))?.Emails);

            Assert.Equal(customer.Id, (await session.Customers.FindByEmailAsync("zoe@example.com", None).ConfigureAwait(false))?.Id);
            Assert.Equal(customer.Id, (await session.Customers.FindByEmailAsync("Z.OBrien@Work.Example", None).ConfigureAwait(false))?.Id);
            Assert.Null(await session.Customers.FindByEmailAsync("nobody@example.com", None).ConfigureAwait(false));
            Assert.Equal(customer.Id, (await session.Customers.FindByExternalIdAsync("erp-4711", None).ConfigureAwait(false))?.Id);
            Assert.Null(await session.Customers.FindByExternalIdAsync("ERP-4711", None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks that reading an identifier that was never stored gives null in every repository.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Get_UnknownId_ReturnsNull()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Null(await session.Customers.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));
            Assert.Null(await session.Interactions.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));
            Assert.Null(await session.Purchases.GetAsync(Guid.NewGuid(), None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks insert, read, update and delete of an interaction, with metadata and related ids.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Interactions_Crud_RoundTrips()
    {
        var tenant = NewTenantId();
        var interaction = ConformanceData.Interaction(tenant, Guid.NewGuid(), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5))) with
        {
            Body = "Line one\nLine two ✓",
            ExternalId = "<msg-1@example.com>",
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["duration"] = "PT3M", ["x-header"] = "a\"b" },
            DealId = Guid.NewGuid(),
            CaseId = Guid.NewGuid(),
            CampaignId = Guid.NewGuid(),
            Direction = InteractionDirection.Internal,
        };

        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(1, (await session.Interactions.InsertAsync(interaction, None).ConfigureAwait(false)).Version);
            var read = await session.Interactions.GetAsync(interaction.Id, None).ConfigureAwait(false);
            AssertSameInteraction(interaction with { Version = 1 }, read!);

            var changed = read! with { Subject = null, Metadata = new Dictionary<string, string>(StringComparer.Ordinal), DealId = null };
            Assert.Equal(2, (await session.Interactions.UpdateAsync(changed, None).ConfigureAwait(false)).Version);
            AssertSameInteraction(changed with { Version = 2 }, (await session.Interactions.GetAsync(interaction.Id, None).ConfigureAwait(false))!);

            await session.Interactions.DeleteAsync(interaction.Id, 2, None).ConfigureAwait(false);
            Assert.Null(await session.Interactions.GetAsync(interaction.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Checks insert, read, update and delete of a purchase, with exact amounts and its lines in order.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Purchases_Crud_RoundTripsLinesAndExactAmounts()
    {
        var tenant = NewTenantId();
        var purchase = ConformanceData.Purchase(tenant, Guid.NewGuid(), new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(9)),
            new PurchaseLine("SKU-1", "Widget", 3, 19.99m) { Category = "tools", Discount = 0.01m },
            new PurchaseLine("SKU-2", "Big", 2.5m, 1234567.8912m),
            new PurchaseLine("SKU-4", "Tiny", 1, 0.0001m),
            new PurchaseLine("SKU-3", "Refund", 1, -5.5m));

        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            Assert.Equal(1, (await session.Purchases.InsertAsync(purchase, None).ConfigureAwait(false)).Version);
            var read = await session.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false);
            AssertSamePurchase(purchase with { Version = 1 }, read!);
            Assert.Equal(purchase.Total, read!.Total);

            var changed = read with { Lines = [new PurchaseLine("SKU-9", "Other", 1, 0.1m)], Channel = null, OrderNumber = null };
            Assert.Equal(2, (await session.Purchases.UpdateAsync(changed, None).ConfigureAwait(false)).Version);
            AssertSamePurchase(changed with { Version = 2 }, (await session.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false))!);

            await session.Purchases.DeleteAsync(purchase.Id, 2, None).ConfigureAwait(false);
            Assert.Null(await session.Purchases.GetAsync(purchase.Id, None).ConfigureAwait(false));
        }
    }

    /// <summary>Asserts that two customers are equal field by field, comparing instants rather than offsets.</summary>
    /// <param name="expected">The expected customer.</param>
    /// <param name="actual">The stored customer.</param>
    protected static void AssertSameCustomer(Customer expected, Customer actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.TenantId, actual.TenantId);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.ExternalId, actual.ExternalId);
        Assert.Equal(expected.FirstName, actual.FirstName);
        Assert.Equal(expected.LastName, actual.LastName);
        Assert.Equal(expected.Company, actual.Company);
        Assert.Equal(expected.Emails, actual.Emails);
        Assert.Equal(expected.Phones, actual.Phones);
        Assert.Equal(expected.Demographics, actual.Demographics);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.LifecycleStage, actual.LifecycleStage);
        Assert.Equal(expected.OwnerId, actual.OwnerId);
        Assert.Equal(expected.CreatedAt.UtcTicks, actual.CreatedAt.UtcTicks);
        Assert.Equal(expected.UpdatedAt.UtcTicks, actual.UpdatedAt.UtcTicks);
        Assert.Equal(expected.Attributes.Count, actual.Attributes.Count);
        foreach (var (key, value) in expected.Attributes)
        {
            Assert.True(actual.Attributes.TryGetValue(key, out var stored), $"Attribute '{key}' is missing.");
            Assert.Equal(value.Kind, stored.Kind);
            Assert.Equal(value, stored);
        }
    }

    /// <summary>Asserts that two interactions are equal field by field, comparing instants rather than offsets.</summary>
    /// <param name="expected">The expected interaction.</param>
    /// <param name="actual">The stored interaction.</param>
    protected static void AssertSameInteraction(Interaction expected, Interaction actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected with { Metadata = actual.Metadata }, actual);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>Asserts that two purchases are equal, lines in order, amounts by value.</summary>
    /// <param name="expected">The expected purchase.</param>
    /// <param name="actual">The stored purchase.</param>
    protected static void AssertSamePurchase(Purchase expected, Purchase actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected with { Lines = actual.Lines }, actual);
        Assert.Equal(expected.Lines, actual.Lines);
    }
}
