using Crm.Engine.Sales;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <content>Record rules in lists: the store filters by owner and team in SQL, so pages count only visible records.</content>
public abstract partial class SalesStorageConformanceTests<TFixture>
{
    // Six records, highest score / oldest first. Visible to (sam, teams north and west): 0 (owner), 1 (team north),
    // 3 (owner, whatever its team) and 5 (team north); not 2 (stan, south) nor 4 (unowned).
    private static readonly (string? Owner, string? Team)[] VisibilityOwners =
        [("sam", null), ("nora", "north"), ("stan", "south"), ("sam", "south"), (null, null), ("stan", "north")];

    private static readonly RecordVisibility SamAndTeams = new("sam", ["north", "west"]);

    /// <summary>Checks lead and deal lists return only what a <see cref="RecordVisibility"/> allows, and page over exactly those.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Lists_ReturnOnlyVisibleLeadsAndDeals_AndPageOverThem()
    {
        var session = await OpenAsync(NewTenantId()).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var pipeline = Guid.NewGuid();
            for (var i = 0; i < VisibilityOwners.Length; i++)
            {
                var (owner, team) = VisibilityOwners[i];
                await session.Sales.SaveLeadAsync(NewLead(Guid.NewGuid(), 60 - (10 * i)) with { OwnerId = owner, TeamId = team }, None).ConfigureAwait(false);
                await session.Sales.SaveDealAsync(NewDeal(pipeline, Guid.NewGuid(), i) with { OwnerId = owner, TeamId = team, CreatedAt = T0.AddMinutes(i) }, None).ConfigureAwait(false);
            }

            // Scores 60 - 10i for i = 0, 1, 3, 5: 60, 50, 30, 10; two pages of two.
            var leadPages = await AllPagesAsync(token => session.Sales.ListLeadsAsync(new PageRequest(2, token), SamAndTeams, None)).ConfigureAwait(false);
            Assert.Equal([[60m, 50m], [30m, 10m]], leadPages.Select(p => p.Select(l => l.Score).ToArray()));
            var ownOnly = await session.Sales.ListLeadsAsync(new PageRequest(10), new RecordVisibility("sam", []), None).ConfigureAwait(false);
            Assert.Equal([60m, 30m], ownOnly.Items.Select(l => l.Score));
            Assert.Equal(6, (await session.Sales.ListLeadsAsync(new PageRequest(10), null, None).ConfigureAwait(false)).Items.Count);

            // Deal amounts are i: 0, 1, 3, 5 in creation order.
            var dealPages = await AllPagesAsync(token => session.Sales.ListDealsAsync(new DealQuery { PipelineId = pipeline, VisibleTo = SamAndTeams, Page = new PageRequest(2, token) }, None)).ConfigureAwait(false);
            Assert.Equal([[0m, 1m], [3m, 5m]], dealPages.Select(p => p.Select(d => d.Amount).ToArray()));
            Assert.Equal([0m, 3m], await AmountsAsync(session, new DealQuery { PipelineId = pipeline, VisibleTo = new RecordVisibility("sam", []) }).ConfigureAwait(false));
            Assert.Empty(await AmountsAsync(session, new DealQuery { PipelineId = pipeline, VisibleTo = new RecordVisibility("o'brien'); DROP TABLE sales_deals; --", ["' OR 1=1 --"]) }).ConfigureAwait(false));
            Assert.Equal(6, (await AmountsAsync(session, new DealQuery { PipelineId = pipeline }).ConfigureAwait(false)).Count);
        }
    }

    /// <summary>Reads every page of a keyset-paged list.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="read">Reads the page after a continuation token (null for the first).</param>
    /// <returns>The pages' items, in order.</returns>
    internal static async Task<List<IReadOnlyList<T>>> AllPagesAsync<T>(Func<string?, Task<Page<T>>> read)
    {
        var pages = new List<IReadOnlyList<T>>();
        string? token = null;
        do
        {
            var page = await read(token).ConfigureAwait(false);
            pages.Add(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 100);

        return pages;
    }
}
