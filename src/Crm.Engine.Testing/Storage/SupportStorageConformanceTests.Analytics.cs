using Crm.Engine.Analytics;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>The analytics totals of the support kit.</summary>
public abstract partial class SupportStorageConformanceTests<TFixture>
{
    /// <summary>
    /// Checks the case totals over the cases opened in the half-open window: response and resolution durations summed
    /// to the 100 ns tick, SLA milestones decided (done, or past due at the report instant) and met; an empty window
    /// counts nothing.
    /// </summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task CaseTotals_SumDurationsToTheTick_AndDecidedSlaMilestones()
    {
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = Guid.NewGuid();
            async Task CaseAsync(DateTimeOffset opened, DateTimeOffset? responded, DateTimeOffset? responseDue, DateTimeOffset? resolved, DateTimeOffset? resolutionDue) =>
                Assert.NotNull(await session.Support.TryInsertCaseAsync(NewCase(tenant, customer, opened) with
                {
                    Id = Guid.NewGuid(),
                    FirstResponseAt = responded,
                    FirstResponseDueAt = responseDue,
                    ResolvedAt = resolved,
                    ResolutionDueAt = resolutionDue,
                }, None).ConfigureAwait(false));

            // C1: response after 1 h + 7 ticks (due 2 h) met, resolved after 1 day (due 2 days) met.
            await CaseAsync(Epoch, Epoch.AddHours(1).AddTicks(7), Epoch.AddHours(2), Epoch.AddDays(1), Epoch.AddDays(2)).ConfigureAwait(false);
            // C2: response after 4 h (due 2 h after opening) late; unresolved, due 2 days after opening: past due at the report instant.
            await CaseAsync(Epoch.AddHours(1), Epoch.AddHours(5), Epoch.AddHours(3), null, Epoch.AddDays(2)).ConfigureAwait(false);
            // C3: no response, due in 20 days: still in time, undecided; no resolution due.
            await CaseAsync(Epoch.AddHours(2), null, Epoch.AddDays(20), null, null).ConfigureAwait(false);
            // Outside the window: a tick before its start, and exactly at its end.
            await CaseAsync(Epoch.AddTicks(-1), Epoch, null, null, null).ConfigureAwait(false);
            await CaseAsync(Epoch.AddDays(1), Epoch.AddDays(1).AddHours(1), null, null, null).ConfigureAwait(false);

            var totals = await session.Support.GetCaseTotalsAsync(Epoch, Epoch.AddDays(1), Epoch.AddDays(10), None).ConfigureAwait(false);
            var empty = await session.Support.GetCaseTotalsAsync(Epoch.AddYears(-1), Epoch.AddYears(-1).AddDays(1), Epoch, None).ConfigureAwait(false);

            // Response: (1 h + 7 ticks) + 4 h = 5 h + 7 ticks over 2 cases; resolution: 1 day over 1 case.
            // SLA decided: C1 2 + C2 2 + C3 0 = 4; met: C1's 2.
            Assert.Equal(new SupportCaseTotals(3, 2, TimeSpan.FromHours(5).Add(TimeSpan.FromTicks(7)), 1, TimeSpan.FromDays(1), 4, 2), totals);
            Assert.Equal(new SupportCaseTotals(0, 0, TimeSpan.Zero, 0, TimeSpan.Zero, 0, 0), empty);
        }
    }
}
