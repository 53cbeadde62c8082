using Crm.Engine.Conditions;
using Crm.Engine.Sales;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Engine.Tests.Sales;
using Crm.Engine.Tests.Support;

namespace Crm.Engine.Tests.Security;

/// <summary>
/// Record rules apply to lists and searches too: a caller whose role covers only its own (or its teams') records pages
/// through exactly those, with correct pages and tokens; a caller with full access pages through all of them.
/// </summary>
public sealed class RecordRuleListTests
{
    private const string Tenant = "acme";

    // Owner and team of six records. For sam (teams north, west) the visible ones are 0 (own), 1 (team north),
    // 3 (own, whatever its team) and 5 (team north): four of six. Own records only: 0 and 3.
    private static readonly (string? Owner, string? Team)[] Owners =
        [("sam", null), ("nora", "north"), ("stan", "south"), ("sam", "south"), (null, null), ("stan", "north")];

    [Fact]
    public async Task Deals_list_only_own_and_team_records_across_pages_and_admins_see_all()
    {
        await using var engine = await TestEngine.CreateAsync(b => b.ConfigureSecurity(o => o.Role("solo").Grant("deals.read").OwnRecordsOnly("deals")));
        var system = engine.Engine.ForCaller(CrmCaller.System(Tenant));
        var pipeline = await system.Deals.SavePipelineAsync(SalesHost.StandardPipeline());
        var customer = await system.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] });
        for (var i = 0; i < Owners.Length; i++)
        {
            engine.Time.Advance(TimeSpan.FromMinutes(1)); // creation order = i
            await system.Deals.CreateAsync(new Deal { PipelineId = pipeline.Id, CustomerId = customer.Id, Name = $"d{i}", Amount = i, Currency = "EUR", OwnerId = Owners[i].Owner, TeamId = Owners[i].Team });
        }

        var sam = Caller(engine, "sam", CrmBuiltInRoles.Sales);
        var samSolo = Caller(engine, "sam", "solo");
        var admin = Caller(engine, "root", CrmBuiltInRoles.Admin);

        var samPages = await PagesAsync(t => sam.Deals.ListAsync(new DealQuery { Page = new PageRequest(2, t) }));
        Assert.Equal([["d0", "d1"], ["d3", "d5"]], samPages.Select(p => p.Select(d => d.Name).ToArray()));
        Assert.Equal(["d0", "d3"], (await PagesAsync(t => samSolo.Deals.ListAsync(new DealQuery { Page = new PageRequest(1, t) }))).SelectMany(p => p).Select(d => d.Name));
        Assert.Equal(6, (await PagesAsync(t => admin.Deals.ListAsync(new DealQuery { Page = new PageRequest(4, t) }))).Sum(p => p.Count));

        // Asking for someone else's deals by filter does not widen the rule.
        Assert.Equal(["d5"], (await sam.Deals.ListAsync(new DealQuery { OwnerId = "stan", Page = new PageRequest(10) })).Items.Select(d => d.Name));
    }

    [Fact]
    public async Task Leads_list_only_own_records_across_pages_and_admins_see_all()
    {
        await using var engine = await TestEngine.CreateAsync(b => b.ConfigureSecurity());
        var system = engine.Engine.ForCaller(CrmCaller.System(Tenant));
        for (var i = 0; i < Owners.Length; i++)
        {
            // A lead takes its owner from the customer; leads have no team on capture, so only sam's own (0, 3) are visible.
            var customer = await system.Customers.CreateAsync(new Customer { FirstName = $"L{i}", Emails = [$"l{i}@example.com"], OwnerId = Owners[i].Owner, LifecycleStage = LifecycleStage.Lead });
            await system.Leads.CaptureAsync(customer.Id, new LeadSource(LeadSourceKind.Api, "test"));
        }

        var sam = Caller(engine, "sam", CrmBuiltInRoles.Sales);
        var admin = Caller(engine, "root", CrmBuiltInRoles.Admin);

        var samLeads = (await PagesAsync(t => sam.Leads.ListAsync(new PageRequest(1, t)))).SelectMany(p => p).ToList();
        Assert.Equal(2, samLeads.Count);
        Assert.All(samLeads, l => Assert.Equal("sam", l.OwnerId));
        Assert.Equal(6, (await PagesAsync(t => admin.Leads.ListAsync(new PageRequest(4, t)))).Sum(p => p.Count));
    }

    [Fact]
    public async Task Cases_list_only_own_and_team_records_across_pages_and_admins_see_all()
    {
        await using var host = await SupportHost.CreateAsync(
            o =>
            {
                o.Teams.Add(new SupportTeam { Id = "north", Agents = ["nora", "stan"] });
                o.Teams.Add(new SupportTeam { Id = "south", Agents = ["sam", "stan"] });
            },
            b => b.ConfigureSecurity());
        var customer = await host.CustomerAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < Owners.Length; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = $"c{i}", OwnerId = Owners[i].Owner, TeamId = Owners[i].Team })).Id);
        }

        var sam = Caller(host.Engine, "sam", CrmBuiltInRoles.Support, host.Crm.Caller.TenantId);
        var admin = Caller(host.Engine, "root", CrmBuiltInRoles.Admin, host.Crm.Caller.TenantId);

        // Newest opened first: 5, 3 | 1, 0.
        var samPages = await PagesAsync(t => sam.Cases.ListAsync(new CaseQuery { Page = new PageRequest(2, t) }));
        Assert.Equal([[ids[5], ids[3]], [ids[1], ids[0]]], samPages.Select(p => p.Select(c => c.Id).ToArray()));
        Assert.Equal(6, (await PagesAsync(t => admin.Cases.ListAsync(new CaseQuery { Page = new PageRequest(4, t) }))).Sum(p => p.Count));
    }

    [Fact]
    public async Task Customer_searches_and_counts_see_only_own_customers_under_an_owner_rule()
    {
        await using var engine = await TestEngine.CreateAsync(b => b.ConfigureSecurity(o => o.Role("rep").Grant("customers.read", "segments.read").OwnRecordsOnly("customers")));
        var system = engine.Engine.ForCaller(CrmCaller.System(Tenant));
        for (var i = 0; i < Owners.Length; i++)
        {
            await system.Customers.CreateAsync(new Customer { FirstName = $"C{i}", Emails = [$"c{i}@example.com"], OwnerId = Owners[i].Owner, Demographics = new Demographics { City = "Leeds" } });
        }

        var sam = Caller(engine, "sam", "rep");
        var admin = Caller(engine, "root", CrmBuiltInRoles.Admin);
        var leeds = Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds"));

        var samPages = await PagesAsync(t => sam.Customers.SearchAsync(leeds, new PageRequest(1, t)));
        Assert.Equal(["C0", "C3"], samPages.SelectMany(p => p).Select(c => c.FirstName).Order(StringComparer.Ordinal));
        Assert.Equal(2, samPages.Count);
        Assert.Equal(2, await sam.Customers.CountAsync(null));
        Assert.Equal(2, await sam.Segments.CountAsync(leeds));
        Assert.Equal(2, (await sam.Segments.GetMembersAsync(leeds)).Items.Count);
        var samEvaluation = await sam.Segments.EvaluateAsync(leeds);
        Assert.Equal((2, 2), (samEvaluation.Count, samEvaluation.Members.Items.Count));
        Assert.Equal(6, await admin.Customers.CountAsync(leeds));
        Assert.Equal(6, (await PagesAsync(t => admin.Customers.SearchAsync((Condition?)null, new PageRequest(4, t)))).Sum(p => p.Count));
    }

    private static ICrmContext Caller(TestEngine engine, string user, string role, string tenant = Tenant) =>
        engine.Engine.ForCaller(new CrmCaller(tenant, user) { Roles = new HashSet<string> { role }, Teams = new HashSet<string> { "north", "west" } });

    private static async Task<List<IReadOnlyList<T>>> PagesAsync<T>(Func<string?, Task<Page<T>>> read)
    {
        var pages = new List<IReadOnlyList<T>>();
        string? token = null;
        do
        {
            var page = await read(token);
            pages.Add(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 50);

        return pages;
    }
}
