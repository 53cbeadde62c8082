using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

public sealed class SqliteValueRoundTripTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("0.0001")]
    [InlineData("-0.0001")]
    [InlineData("19.99")]
    [InlineData("1234567.8912")]
    [InlineData("922337203685477.5807")]
    [InlineData("-922337203685477.5808")]
    [InlineData("1.50000")]
    public async Task Amounts_WithFourDecimalsOrFewer_RoundTripExactly(string text)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var purchase = Purchase(new PurchaseLine("SKU", "Item", 1, amount) { Discount = 0 });
        await using var session = await OpenAsync();

        await session.Purchases.InsertAsync(purchase, None);
        var read = await session.Purchases.GetAsync(purchase.Id, None);

        Assert.Equal(amount, read!.Lines[0].UnitPrice);
        Assert.Equal(amount, read.Total);
    }

    [Fact]
    public async Task Amounts_SumExactlyInSql()
    {
        var customerId = Guid.NewGuid();
        await using var session = await OpenAsync();
        await session.Purchases.BulkInsertAsync(
            Enumerable.Range(0, 3).Select(_ => Purchase(new PurchaseLine("SKU", "Item", 1, 0.1m)) with { CustomerId = customerId }), None);
        await session.Customers.InsertAsync(new Customer { Id = customerId, TenantId = "t" }, None);

        // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in floating point; scaled integers keep it exact.
        var filter = ConditionParser.Parse("""{"field":"totalSpent","op":"eq","value":0.3}""", CrmFields.Customer);
        Assert.Equal(1, await session.Customers.CountAsync(new StorageQuery { Filter = filter }, None));
        var average = ConditionParser.Parse("""{"field":"averageOrderValue","op":"eq","value":0.1}""", CrmFields.Customer);
        Assert.Equal(1, await session.Customers.CountAsync(new StorageQuery { Filter = average }, None));
    }

    [Fact]
    public async Task Amounts_WithMoreThanFourDecimals_AreRejectedNamingEachField()
    {
        var purchase = Purchase(
            new PurchaseLine("SKU", "Item", 1.00001m, 1m),
            new PurchaseLine("SKU", "Item", 1, 2.123456m) { Discount = 0.00001m },
            new PurchaseLine("SKU", "Item", 0.0001m, 0.0001m),
            new PurchaseLine("SKU", "Item", 1, 1_000_000_000_000_000m));
        await using var session = await OpenAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => session.Purchases.InsertAsync(purchase, None));

        Assert.Equal(
            ["lines[0].quantity", "lines[1].unitPrice", "lines[1].discount", "lines[2].total", "lines[3].unitPrice"],
            error.Errors.Select(e => e.Path));
        Assert.Contains("1.00001", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Null(await session.Purchases.GetAsync(purchase.Id, None));
        await Assert.ThrowsAsync<CrmValidationException>(() => session.Purchases.BulkInsertAsync([Purchase(), purchase], None));
        Assert.Equal(0, await session.Purchases.CountAsync(new StorageQuery(), None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5.5)]
    [InlineData(-8)]
    [InlineData(14)]
    public async Task Timestamps_AreStoredAsUtcTicksAndReadBackAsTheSameInstant(double offsetHours)
    {
        var occurredAt = new DateTimeOffset(2026, 3, 29, 1, 59, 59, TimeSpan.FromHours(offsetHours)).AddTicks(9_999_999);
        var interaction = new Interaction
        {
            Id = Guid.NewGuid(),
            TenantId = "t",
            CustomerId = Guid.NewGuid(),
            Channel = "email",
            OccurredAt = occurredAt,
            CreatedAt = DateTimeOffset.MinValue,
        };
        await using var session = await OpenAsync();

        await session.Interactions.InsertAsync(interaction, None);
        var read = (await session.Interactions.GetAsync(interaction.Id, None))!;

        Assert.Equal(occurredAt.UtcTicks, read.OccurredAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.OccurredAt.Offset);
        Assert.Equal(DateTimeOffset.MinValue, read.CreatedAt);
        Assert.Equal(occurredAt.UtcTicks, await RawScalarAsync("SELECT occurred_at FROM interactions;"));
    }

    [Fact]
    public async Task Attributes_KeepTheirKindIncludingDates()
    {
        var customer = new Customer
        {
            Id = Guid.NewGuid(),
            TenantId = "t",
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["since"] = new DateOnly(2020, 2, 29),
                ["sinceText"] = "2020-02-29",
                ["ratio"] = 0.125m,
                ["count"] = 3m,
                ["on"] = true,
            },
        };
        await using var session = await OpenAsync();

        await session.Customers.InsertAsync(customer, None);
        var read = (await session.Customers.GetAsync(customer.Id, None))!;

        Assert.Equal(AttributeKind.Date, read.Attributes["since"].Kind);
        Assert.Equal(new DateOnly(2020, 2, 29), read.Attributes["since"].AsDate());
        Assert.Equal(AttributeKind.String, read.Attributes["sinceText"].Kind);
        Assert.Equal(0.125m, read.Attributes["ratio"].AsNumber());
        Assert.Equal("3", read.Attributes["count"].ToString());
        Assert.True(read.Attributes["on"].AsBoolean());
        Assert.Equal("""{"since":"date"}""", await RawScalarAsync("SELECT attribute_kinds FROM customers;"));
    }

    [Fact]
    public async Task Customer_WithUnsetAttributeOrNullElement_IsRejected()
    {
        var customer = new Customer
        {
            Id = Guid.NewGuid(),
            TenantId = "t",
            Tags = ["ok", null!],
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["broken"] = default },
        };
        await using var session = await OpenAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.InsertAsync(customer, None));

        Assert.Equal(["tags[1]", "attributes.broken"], error.Errors.Select(e => e.Path));
    }

    private async Task<IStorageSession> OpenAsync()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        return await provider.OpenSessionAsync("t", None);
    }

    private async Task<object?> RawScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static Purchase Purchase(params PurchaseLine[] lines) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        CustomerId = Guid.NewGuid(),
        PurchasedAt = DateTimeOffset.UnixEpoch,
        Currency = "EUR",
        Lines = lines,
    };
}
