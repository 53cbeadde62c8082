namespace Crm.Engine.Tests.Purchases;

public class PurchaseServiceTests
{
    [Fact]
    public async Task RecordAsync_KeepsExactMoneyAndListsNewestFirst()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Barbara" });

        await crm.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, Currency = "eur", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 3, 19.99m) { Discount = 0.97m }] });
        await crm.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start.AddDays(1), Lines = [new("B", "Beta", 1, 0.1m), new("C", "Gamma", 2, 0.2m)] });

        var history = await crm.Purchases.ListAsync(customer.Id);

        Assert.Equal([0.5m, 59.00m], history.Items.Select(p => p.Total));
        Assert.All(history.Items, p => Assert.Equal("EUR", p.Currency));
        Assert.Equal(2, history.Items[0].Lines.Count);
    }

    [Fact]
    public async Task RecordAsync_InvalidLines_NameTheLineAndField()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Radia" });

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Purchases.RecordAsync(new Purchase
        {
            CustomerId = customer.Id,
            Currency = "Euro",
            PurchasedAt = TestEngine.Start,
            Lines = [new("A", "Alpha", 1, 10m), new("", "Nothing", 0, -1m) { Discount = 5m }],
        }));

        Assert.Equal(
            ["currency", "lines[1].discount", "lines[1].quantity", "lines[1].sku", "lines[1].unitPrice"],
            error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Empty((await crm.Purchases.ListAsync(customer.Id)).Items);
    }
}
