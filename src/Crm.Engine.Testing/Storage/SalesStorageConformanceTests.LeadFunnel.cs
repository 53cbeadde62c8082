using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>The lead funnel counts of the sales kit.</summary>
public abstract partial class SalesStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks the lead funnel: leads captured in the half-open window, each counted at every step it reached (a lead
    /// converted without a qualification date still passed Qualified), won through a won deal of the lead's customer;
    /// an empty window counts nothing.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task LeadFunnel_CountsEachStepReached_InTheWindow()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = Guid.NewGuid();
            async Task LeadAsync(DateTimeOffset captured, bool qualified, bool converted, DealStatus? deal)
            {
                var id = Guid.NewGuid();
                await session.Sales.SaveLeadAsync(new LeadProfile
                {
                    Id = id,
                    Source = new LeadSource(LeadSourceKind.Api),
                    QualifiedAt = qualified ? captured.AddHours(1) : null,
                    ConvertedAt = converted ? captured.AddHours(2) : null,
                    CreatedAt = captured,
                    UpdatedAt = captured,
                }, None).ConfigureAwait(false);
                if (deal is { } status)
                {
                    await session.Sales.SaveDealAsync(new Deal
                    {
                        Id = Guid.NewGuid(),
                        CustomerId = id,
                        PipelineId = pipeline,
                        StageId = "s",
                        Status = status,
                        Name = "deal",
                        Amount = 100m,
                        Currency = "EUR",
                        CreatedAt = captured.AddHours(2),
                        UpdatedAt = captured.AddHours(2),
                        ClosedAt = status == DealStatus.Open ? null : captured.AddDays(3),
                    }, None).ConfigureAwait(false);
                }
            }

            await LeadAsync(T0, qualified: true, converted: true, DealStatus.Won).ConfigureAwait(false);
            await LeadAsync(T0.AddDays(1), qualified: true, converted: false, null).ConfigureAwait(false);
            await LeadAsync(T0.AddDays(2), qualified: false, converted: true, DealStatus.Open).ConfigureAwait(false);
            await LeadAsync(T0.AddDays(29), qualified: false, converted: false, null).ConfigureAwait(false);
            await LeadAsync(T0.AddSeconds(-1), qualified: true, converted: true, DealStatus.Won).ConfigureAwait(false);
            await LeadAsync(T0.AddDays(30), qualified: true, converted: true, DealStatus.Won).ConfigureAwait(false);

            var counts = await session.Sales.CountLeadFunnelAsync(T0, T0.AddDays(30), None).ConfigureAwait(false);
            var empty = await session.Sales.CountLeadFunnelAsync(T0.AddYears(-1), T0.AddYears(-1).AddDays(30), None).ConfigureAwait(false);

            // In the window: 4 leads (the ones a second before and exactly at the end are out); qualified or converted 3;
            // converted 2; converted with a won deal 1.
            Assert.Equal(new LeadFunnelCounts(4, 3, 2, 1), counts);
            Assert.Equal(new LeadFunnelCounts(0, 0, 0, 0), empty);
        }
    }
}
