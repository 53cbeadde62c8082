using Crm.Engine.Analytics;
using Crm.Engine.Storage;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// The small fixed data set the analytics KPIs are checked against by hand. The report period is Q1 2026,
/// <see cref="From"/> to <see cref="To"/> (90 days), in EUR, with a churn window of 31 days.
/// </summary>
/// <remarks>
/// <code>
/// customer  created      stage           purchases (EUR unless noted)             interactions
/// A         2025-12-10   Customer        12-15 100, 01-10 50, 03-05 30            email in 2025-12-01
/// B         2026-01-05   Customer        01-06 200, 02-06 100                     social in 01-04, email out 01-07
/// C         2026-01-20   Opportunity     -                                        phone out 02-01
/// D         2026-02-03   SalesQualified  -                                        -
/// E         2026-02-14   Lead            -                                        -
/// F         2026-03-01   Subscriber      -                                        -
/// G         2026-03-15   Churned         03-16 70, 03-20 10 USD (one EUR purchase) -
/// costs: email 2026-01-15 300 EUR, social 02-01 500 EUR, social 02-20 99 USD, email 2025-12-20 1000 EUR
/// </code>
/// </remarks>
public static class AnalyticsDataSet
{
    /// <summary>The first instant of the report period.</summary>
    public static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the report period.</summary>
    public static readonly DateTimeOffset To = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The churn window of the data set's expectations.</summary>
    public static readonly TimeSpan ChurnWindow = TimeSpan.FromDays(31);

    /// <summary>Writes the data set into a tenant.</summary>
    /// <param name="session">A session of the tenant.</param>
    /// <returns>The customer ids by letter.</returns>
    public static async Task<IReadOnlyDictionary<string, Guid>> SeedAsync(IStorageSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var none = CancellationToken.None;
        async Task CustomerAsync(string name, DateTimeOffset created, LifecycleStage stage)
        {
            var customer = new Customer
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                FirstName = name,
                LastName = "Analytics",
                LifecycleStage = stage,
                CreatedAt = created,
                UpdatedAt = created,
            };
            ids[name] = (await session.Customers.InsertAsync(customer, none).ConfigureAwait(false)).Id;
        }

        async Task PurchaseAsync(string name, DateTimeOffset at, decimal total, string currency = "EUR")
        {
            var purchase = new Purchase
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                CustomerId = ids[name],
                PurchasedAt = at,
                Currency = currency,
                Lines = [new PurchaseLine("SKU-1", "Widget", 1m, total)],
                CreatedAt = at,
            };
            await session.Purchases.InsertAsync(purchase, none).ConfigureAwait(false);
        }

        async Task InteractionAsync(string name, string channel, InteractionDirection direction, DateTimeOffset at)
        {
            var interaction = new Interaction
            {
                Id = Guid.NewGuid(),
                TenantId = session.TenantId,
                CustomerId = ids[name],
                Channel = channel,
                Direction = direction,
                OccurredAt = at,
                CreatedAt = at,
            };
            await session.Interactions.InsertAsync(interaction, none).ConfigureAwait(false);
        }

        await CustomerAsync("A", Day(2025, 12, 10), LifecycleStage.Customer).ConfigureAwait(false);
        await CustomerAsync("B", Day(2026, 1, 5), LifecycleStage.Customer).ConfigureAwait(false);
        await CustomerAsync("C", Day(2026, 1, 20), LifecycleStage.Opportunity).ConfigureAwait(false);
        await CustomerAsync("D", Day(2026, 2, 3), LifecycleStage.SalesQualified).ConfigureAwait(false);
        await CustomerAsync("E", Day(2026, 2, 14), LifecycleStage.Lead).ConfigureAwait(false);
        await CustomerAsync("F", Day(2026, 3, 1), LifecycleStage.Subscriber).ConfigureAwait(false);
        await CustomerAsync("G", Day(2026, 3, 15), LifecycleStage.Churned).ConfigureAwait(false);

        await PurchaseAsync("A", Day(2025, 12, 15), 100m).ConfigureAwait(false);
        await PurchaseAsync("A", Day(2026, 1, 10), 50m).ConfigureAwait(false);
        await PurchaseAsync("A", Day(2026, 3, 5), 30m).ConfigureAwait(false);
        await PurchaseAsync("B", Day(2026, 1, 6), 200m).ConfigureAwait(false);
        await PurchaseAsync("B", Day(2026, 2, 6), 100m).ConfigureAwait(false);
        await PurchaseAsync("G", Day(2026, 3, 16), 70m).ConfigureAwait(false);
        await PurchaseAsync("G", Day(2026, 3, 20), 10m, "USD").ConfigureAwait(false);

        await InteractionAsync("A", "email", InteractionDirection.Inbound, Day(2025, 12, 1)).ConfigureAwait(false);
        await InteractionAsync("B", "social", InteractionDirection.Inbound, Day(2026, 1, 4)).ConfigureAwait(false);
        await InteractionAsync("B", "email", InteractionDirection.Outbound, Day(2026, 1, 7)).ConfigureAwait(false);
        await InteractionAsync("C", "phone", InteractionDirection.Outbound, Day(2026, 2, 1)).ConfigureAwait(false);

        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "email", Day(2026, 1, 15), 300m, "EUR"), none).ConfigureAwait(false);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "social", Day(2026, 2, 1), 500m, "EUR"), none).ConfigureAwait(false);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "social", Day(2026, 2, 20), 99m, "USD"), none).ConfigureAwait(false);
        await session.Analytics.UpsertCostAsync(new AcquisitionCost(Guid.NewGuid(), "email", Day(2025, 12, 20), 1000m, "EUR") { Note = "before the period" }, none).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Midnight UTC of a day.</summary>
    /// <param name="year">The year.</param>
    /// <param name="month">The month.</param>
    /// <param name="day">The day.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
