using Crm.Engine.Sales;

namespace Crm.Engine.Tests.Sales;

public sealed class QuoteTests : IAsyncLifetime
{
    private SalesHost _host = null!;

    private IQuoteService Quotes => _host.Crm.Quotes;

    public async Task InitializeAsync() => _host = await SalesHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Accept_CreatesOrderAndPurchaseNetOfDiscounts_InOneTransaction()
    {
        var customer = await _host.CustomerAsync();
        var quote = await Quotes.CreateAsync(NewQuote(customer.Id));

        var accepted = await Quotes.AcceptAsync(quote.Id);

        // Totals as in SalesCalculatorTests: net 60.78, tax 10.92, total 71.70.
        Assert.Equal((QuoteStatus.Accepted, accepted.Order.Id), (accepted.Quote.Status, accepted.Quote.OrderId));
        Assert.Equal((60.78m, 10.92m, 71.70m), (accepted.Order.Net, accepted.Order.Tax, accepted.Order.Total));
        var purchase = Assert.Single((await _host.Crm.Purchases.ListAsync(customer.Id)).Items);
        Assert.Equal((accepted.Purchase.Id, accepted.Order.OrderNumber, 60.78m), (purchase.Id, purchase.OrderNumber, purchase.Total));
        Assert.Equal([51.27m, 9.51m], purchase.Lines.Select(l => l.Total));
        Assert.Equal(accepted.Order, await Quotes.GetOrderAsync(accepted.Order.Id));
        Assert.Single(_host.EventsOf<QuoteAccepted>());
        Assert.Single(_host.EventsOf<OrderCreated>());
        Assert.Single(_host.EventsOf<Crm.Engine.Events.PurchaseRecorded>());
    }

    [Fact]
    public async Task Accept_Twice_SecondFailsAndCreatesNothing()
    {
        var customer = await _host.CustomerAsync();
        var quote = await Quotes.CreateAsync(NewQuote(customer.Id));
        await Quotes.AcceptAsync(quote.Id);

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Quotes.AcceptAsync(quote.Id));

        Assert.Contains("only an open quote", error.Message, StringComparison.Ordinal);
        Assert.Single((await _host.Crm.Purchases.ListAsync(customer.Id)).Items);
    }

    [Fact]
    public async Task Accept_Concurrently_ExactlyOneOrder()
    {
        var customer = await _host.CustomerAsync();
        var quote = await Quotes.CreateAsync(NewQuote(customer.Id));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await _host.Engine.Tenant(_host.Crm.Caller.TenantId).Quotes.AcceptAsync(quote.Id);
                return true;
            }
            catch (CrmException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(ok => ok));
        Assert.Single((await _host.Crm.Purchases.ListAsync(customer.Id)).Items);
    }

    [Fact]
    public async Task Accept_PurchaseRejected_RollsBackQuoteAndOrder()
    {
        var customer = await _host.CustomerAsync();

        // 1.0001 x 3.3333 = 3.33363333 leaves a purchase-line discount with more than 4 decimals, which purchases refuse.
        var quote = await Quotes.CreateAsync(new Quote { CustomerId = customer.Id, Currency = "EUR", Lines = [new QuoteLine("X", "Odd", 1.0001m, 3.3333m)] });

        await Assert.ThrowsAsync<CrmValidationException>(() => Quotes.AcceptAsync(quote.Id));

        Assert.Equal(QuoteStatus.Open, (await Quotes.GetAsync(quote.Id))!.Status);
        Assert.Empty((await _host.Crm.Purchases.ListAsync(customer.Id)).Items);
        Assert.Empty(_host.EventsOf<QuoteAccepted>());
    }

    [Fact]
    public async Task Create_BadLines_FailsNamingEachField()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Quotes.CreateAsync(new Quote
        {
            CustomerId = Guid.NewGuid(),
            Currency = "euro",
            DiscountPercent = 120,
            Lines = [new QuoteLine("", "x", 0, -1m) { TaxRatePercent = -5 }],
        }));

        Assert.Equal(
            ["currency", "discountPercent", "lines[0].quantity", "lines[0].sku", "lines[0].taxRatePercent", "lines[0].unitPrice"],
            error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reject_ThenAccept_Fails()
    {
        var quote = await Quotes.CreateAsync(NewQuote((await _host.CustomerAsync()).Id));

        var rejected = await Quotes.RejectAsync(quote.Id);

        Assert.Equal(QuoteStatus.Rejected, rejected.Status);
        await Assert.ThrowsAsync<CrmValidationException>(() => Quotes.AcceptAsync(quote.Id));
    }

    [Fact]
    public async Task Accept_AfterValidUntil_Fails()
    {
        var quote = await Quotes.CreateAsync(NewQuote((await _host.CustomerAsync()).Id) with { ValidUntil = DateOnly.FromDateTime(_host.Now.UtcDateTime).AddDays(1) });
        _host.Engine.Time.Advance(TimeSpan.FromDays(2));

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Quotes.AcceptAsync(quote.Id));

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    private static Quote NewQuote(Guid customerId) => new()
    {
        CustomerId = customerId,
        Currency = "EUR",
        DiscountPercent = 5,
        Lines =
        [
            new QuoteLine("A-1", "Widget", 3, 19.99m) { DiscountPercent = 10, TaxRatePercent = 20 },
            new QuoteLine("B-2", "Service", 1, 10.005m) { TaxRatePercent = 7 },
        ],
    };
}
