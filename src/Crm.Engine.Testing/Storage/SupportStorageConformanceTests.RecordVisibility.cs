using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <content>Record rules in case lists: the store filters by owner and team in SQL, so pages count only visible cases.</content>
public abstract partial class SupportStorageConformanceTests<TFixture>
{
    /// <summary>Checks a case list returns only what a <see cref="RecordVisibility"/> allows, and pages over exactly those.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task QueryCases_ReturnsOnlyVisibleCases_AndPagesOverThem()
    {
        // Visible to (sam, teams north and west): 0 (owner), 1 (team north), 3 (owner) and 5 (team north).
        (string? Owner, string? Team)[] owners = [("sam", null), ("nora", "north"), ("stan", "south"), ("sam", "south"), (null, null), ("stan", "north")];
        var tenant = NewTenantId();
        var session = await OpenAsync(tenant).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var customer = Guid.NewGuid();
            var ids = new List<Guid>();
            for (var i = 0; i < owners.Length; i++)
            {
                var c = NewCase(tenant, customer, Epoch.AddMinutes(i)) with { OwnerId = owners[i].Owner, TeamId = owners[i].Team, Status = CaseStatus.Open };
                ids.Add((await session.Support.TryInsertCaseAsync(c, None).ConfigureAwait(false))!.Id);
            }

            var visible = new RecordVisibility("sam", ["north", "west"]);
            var first = await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer, VisibleTo = visible, Page = new PageRequest(2) }, None).ConfigureAwait(false);
            var second = await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer, VisibleTo = visible, Page = new PageRequest(2, first.ContinuationToken) }, None).ConfigureAwait(false);

            // Newest opened first: 5, 3, then 1, 0.
            Assert.Equal([ids[5], ids[3]], first.Items.Select(c => c.Id));
            Assert.Equal([ids[1], ids[0]], second.Items.Select(c => c.Id));
            Assert.Null(second.ContinuationToken);
            var own = await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer, VisibleTo = new RecordVisibility("sam", []) }, None).ConfigureAwait(false);
            Assert.Equal([ids[3], ids[0]], own.Items.Select(c => c.Id));
            Assert.Equal(6, (await session.Support.QueryCasesAsync(new CaseQuery { CustomerId = customer }, None).ConfigureAwait(false)).Items.Count);
        }
    }
}
