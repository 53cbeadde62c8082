using Crm.Engine.Security;

namespace Crm.Engine.Support;

/// <summary>
/// Assembles the customer 360 on one storage session: one indexed query per section (profile, timeline page, cases,
/// purchases page, consents, RFM), none per item, so the cost does not grow with the customer's history.
/// </summary>
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
        if (request.RecentCases is < 0 or > MaxRecentCases)
        {
            throw new CrmValidationException("recentCases", $"is {request.RecentCases}; it must be between 0 and {MaxRecentCases}.", "range");
        }

        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var profile = await session.Customers.GetAsync(request.CustomerId, cancellationToken).ConfigureAwait(false);
            if (profile is null)
            {
                return null;
            }

            var timeline = await session.Interactions.GetTimelineAsync(request.CustomerId, request.Timeline, cancellationToken).ConfigureAwait(false);
            var cases = await session.Support.GetCustomerCasesAsync(request.CustomerId, request.RecentCases, cancellationToken).ConfigureAwait(false);
            var purchases = await session.Purchases.ListByCustomerAsync(request.CustomerId, request.Purchases, cancellationToken).ConfigureAwait(false);
            var consents = await session.Privacy.ListConsentAsync(request.CustomerId, cancellationToken).ConfigureAwait(false);
            var rfm = await session.Segments.GetRfmAsync(request.CustomerId, cancellationToken).ConfigureAwait(false);
            return new Customer360
            {
                Profile = profile,
                Timeline = timeline,
                OpenCases = cases.Open,
                RecentCases = cases.Recent,
                Purchases = purchases,
                Consents = consents,
                Rfm = rfm,
                AsOf = engine.Time.GetUtcNow(),
            };
        }
    }
}
