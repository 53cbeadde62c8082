using Crm.Engine.Security;

namespace Crm.Engine.Support;

/// <summary>
/// Assembles the customer 360 on one storage session: one indexed query per section (profile, timeline page, cases,
/// purchases page, consents, RFM, open deals, loyalty account, recent feedback), none per item, so the cost does not
/// grow with the customer's history.
/// </summary>
/// <remarks>
/// Deals, loyalty and feedback are optional sections: a caller without their read permission, or a provider that does
/// not store them, gets <see langword="null"/> for that section rather than no 360 at all.
/// </remarks>
/// <remarks>
/// The sections run one after another: a session is one connection, and on SQLite each is a sub-millisecond index read,
/// so parallel connections would cost more than they save.
/// </remarks>
internal sealed class Customer360Service(CrmEngine engine, CrmCaller caller) : ICustomer360Service
{
    private const int MaxRecentCases = 100;

    public async Task<Customer360?> GetAsync(Customer360Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        engine.Access.Demand(caller, CrmPermissions.CustomersRead);
        engine.Access.Demand(caller, CrmPermissions.InteractionsRead);
        engine.Access.Demand(caller, CrmPermissions.PurchasesRead);
        engine.Access.Demand(caller, CrmPermissions.CasesRead);
        request.Timeline.Validate();
        request.Purchases.Validate();
        request.Deals.Validate();
        request.Feedback.Validate();
        if (request.RecentCases is < 0 or > MaxRecentCases)
        {
            throw new CrmValidationException("recentCases", $"is {request.RecentCases}; it must be between 0 and {MaxRecentCases}.", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var profile = engine.Access.MaskReadable(caller, await session.Customers.GetAsync(request.CustomerId, cancellationToken).ConfigureAwait(false));
            if (profile is null)
            {
                return null;
            }

            var timeline = await session.Interactions.GetTimelineAsync(request.CustomerId, request.Timeline, cancellationToken).ConfigureAwait(false);
            var cases = await session.Support.GetCustomerCasesAsync(request.CustomerId, request.RecentCases, cancellationToken).ConfigureAwait(false);
            var purchases = await session.Purchases.ListByCustomerAsync(request.CustomerId, request.Purchases, cancellationToken).ConfigureAwait(false);
            var consents = await session.Privacy.ListConsentAsync(request.CustomerId, cancellationToken).ConfigureAwait(false);
            var rfm = await session.Segments.GetRfmAsync(request.CustomerId, cancellationToken).ConfigureAwait(false);
            var deals = await OptionalAsync(CrmPermissions.DealsRead, async () => await session.Sales.ListDealsAsync(
                new Sales.DealQuery { CustomerId = request.CustomerId, Status = Sales.DealStatus.Open, Page = request.Deals, VisibleTo = engine.Access.VisibleRecords(caller, CrmPermissions.DealsRead) }, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var loyalty = await OptionalAsync(CrmPermissions.LoyaltyRead, () => session.Loyalty.GetAccountAsync(request.CustomerId, cancellationToken)).ConfigureAwait(false);
            var feedback = await OptionalAsync(CrmPermissions.FeedbackRead, async () => await session.Feedback.ListResponsesAsync(request.CustomerId, request.Feedback, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return new Customer360
            {
                Profile = profile,
                Timeline = timeline,
                OpenCases = cases.Open,
                RecentCases = cases.Recent,
                Purchases = purchases,
                Consents = consents,
                Rfm = rfm,
                OpenDeals = deals,
                Loyalty = loyalty,
                RecentFeedback = feedback,
                AsOf = engine.Time.GetUtcNow(),
            };
        }
    }

    private async Task<T?> OptionalAsync<T>(CrmPermission permission, Func<Task<T?>> read)
        where T : class
    {
        if (!engine.Access.Holds(caller, permission))
        {
            return null;
        }

        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            // The provider predates the section (for example PostgreSQL without survey storage): the rest still helps.
            return null;
        }
    }
}
