using Crm.Engine.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Sales;

/// <summary>Implements quotes and orders for one caller.</summary>
internal sealed class QuoteService(CrmEngine engine, CrmCaller caller, PurchaseService purchases) : IQuoteService
{
    public async Task<Quote> CreateAsync(Quote quote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quote);
        engine.Access.Demand(caller, CrmPermissions.QuotesWrite);
        TenantGuard.Check(caller, quote.TenantId);
        var now = engine.Time.GetUtcNow();
        var prepared = quote with
        {
            Id = quote.Id == Guid.Empty ? Guid.CreateVersion7(now) : quote.Id,
            TenantId = caller.TenantId,
            Currency = quote.Currency?.Trim().ToUpperInvariant() ?? "",
            Lines = quote.Lines ?? [],
            Status = QuoteStatus.Open,
            OrderId = null,
            ClosedAt = null,
            CreatedAt = now,
            Version = 0,
        };
        SalesValidator.ValidateQuote(prepared);
        Quote stored = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            _ = await session.Customers.GetAsync(prepared.CustomerId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Customer), prepared.CustomerId);
            if (prepared.DealId is { } dealId)
            {
                _ = await session.Sales.GetDealAsync(dealId, ct).ConfigureAwait(false) ?? throw new CrmNotFoundException(nameof(Deal), dealId);
            }

            stored = await session.Sales.SaveQuoteAsync(prepared, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new QuoteCreated(stored) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Quote?> GetAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.QuotesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.GetQuoteAsync(quoteId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Order?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.QuotesRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using var scope = session.ConfigureAwait(false);
        return await session.Sales.GetOrderAsync(orderId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QuoteAcceptance> AcceptAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.QuotesWrite);
        engine.Access.Demand(caller, CrmPermissions.PurchasesWrite);
        var now = engine.Time.GetUtcNow();
        QuoteAcceptance result = null!;

        // Quote, order and purchase commit together or not at all. The quote's compare-and-swap (and the one-order-per-
        // quote index) make a concurrent second acceptance fail instead of creating a second order.
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var before = await session.Sales.GetQuoteAsync(quoteId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Quote), quoteId);
            EnsureOpen(before, now);
            var totals = before.Totals;
            var orderId = Guid.CreateVersion7(now);
            var orderNumber = "SO-" + orderId.ToString("N", System.Globalization.CultureInfo.InvariantCulture);
            var accepted = await session.Sales.SaveQuoteAsync(before with { Status = QuoteStatus.Accepted, OrderId = orderId, ClosedAt = now }, ct).ConfigureAwait(false);
            var purchase = await purchases.RecordAsync(new Purchase
            {
                CustomerId = before.CustomerId,
                OrderNumber = orderNumber,
                PurchasedAt = now,
                Currency = before.Currency,
                Channel = "quote",
                Lines = [.. before.Lines.Select((l, i) => new PurchaseLine(l.Sku, l.ProductName, l.Quantity, l.UnitPrice)
                {
                    Category = l.Category,

                    // The purchase line total (quantity x price - discount) equals the quote line's net: CLV and
                    // purchase history count revenue after discounts and before tax.
                    Discount = (l.Quantity * l.UnitPrice) - totals.LineNets[i],
                })],
            }, ct).ConfigureAwait(false);
            var order = await session.Sales.InsertOrderAsync(new Order
            {
                Id = orderId,
                QuoteId = before.Id,
                CustomerId = before.CustomerId,
                DealId = before.DealId,
                PurchaseId = purchase.Id,
                OrderNumber = orderNumber,
                Currency = before.Currency,
                Net = totals.Net,
                Tax = totals.Tax,
                Total = totals.Total,
                CreatedAt = now,
            }, ct).ConfigureAwait(false);
            var dealEvents = await WinDealAsync(session, before, now, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new QuoteAccepted(before, accepted) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new OrderCreated(order) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
            foreach (var dealEvent in dealEvents)
            {
                await engine.Events.PublishAsync(dealEvent, ct).ConfigureAwait(false);
            }

            result = new QuoteAcceptance(accepted, order, purchase);
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<Quote> RejectAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.QuotesWrite);
        var now = engine.Time.GetUtcNow();
        Quote rejected = null!;
        await AmbientUnitOfWork.RunAsync(engine, caller, async ct =>
        {
            var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
            await using var scope = session.ConfigureAwait(false);
            var before = await session.Sales.GetQuoteAsync(quoteId, ct).ConfigureAwait(false)
                ?? throw new CrmNotFoundException(nameof(Quote), quoteId);
            EnsureOpen(before, now: null);
            rejected = await session.Sales.SaveQuoteAsync(before with { Status = QuoteStatus.Rejected, ClosedAt = now }, ct).ConfigureAwait(false);
            await engine.Events.PublishAsync(new QuoteRejected(before, rejected) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now, Actor = caller.UserId }, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return rejected;
    }

    /// <summary>
    /// Moves the quote's deal to its pipeline's first won stage through <see cref="DealStageMover"/> (when configured and
    /// the deal is not won yet), on the acceptance's session so it commits or rolls back with the order.
    /// </summary>
    private async Task<IReadOnlyList<Events.CrmEvent>> WinDealAsync(Storage.IStorageSession session, Quote quote, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (quote.DealId is not { } dealId || !engine.Services.GetRequiredService<IOptions<SalesOptions>>().Value.WinDealOnQuoteAcceptance)
        {
            return [];
        }

        var deal = await session.Sales.GetDealAsync(dealId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Deal), dealId);
        if (deal.Status == DealStatus.Won)
        {
            return [];
        }

        engine.Access.Demand(caller, CrmPermissions.DealsWrite, DealService.Ownership(deal));
        var pipeline = await session.Sales.GetPipelineAsync(deal.PipelineId, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmNotFoundException(nameof(Pipeline), deal.PipelineId);
        var won = pipeline.Stages.First(s => s.Kind == DealStatus.Won);
        var (_, events) = await DealStageMover.MoveAsync(session, dealId, won.Id, lostReason: null, now, caller.UserId, cancellationToken).ConfigureAwait(false);
        return events;
    }

    private static void EnsureOpen(Quote quote, DateTimeOffset? now)
    {
        if (quote.Status != QuoteStatus.Open)
        {
            throw new CrmValidationException("status", $"Quote '{quote.Id}' is {quote.Status}; only an open quote can be accepted or rejected (order '{quote.OrderId}').", "notOpen");
        }

        if (now is { } at && quote.ValidUntil is { } until && DateOnly.FromDateTime(at.UtcDateTime) > until)
        {
            throw new CrmValidationException("validUntil", $"Quote '{quote.Id}' expired on {until:yyyy-MM-dd}.", "expired");
        }
    }
}
