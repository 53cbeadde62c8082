using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

public sealed class CaseTests
{
    [Fact]
    public async Task RoundRobin_HandsCasesToEachAgentInTurn()
    {
        await using var host = await SupportHost.CreateAsync(o => o.Teams.Add(new SupportTeam { Id = "t", Agents = ["a", "b", "c"] }));
        var customer = await host.CustomerAsync();

        var owners = new List<string?>();
        for (var i = 0; i < 7; i++)
        {
            owners.Add((await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = $"case {i}", TeamId = "t" })).OwnerId);
        }

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], owners);
    }

    [Fact]
    public async Task RoundRobin_ConcurrentOpens_SpreadEvenly()
    {
        await using var host = await SupportHost.CreateAsync(o => o.Teams.Add(new SupportTeam { Id = "t", Agents = ["a", "b", "c"] }));
        var customer = await host.CustomerAsync();

        var cases = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            host.Engine.Engine.ForTenant(host.Crm.Caller.TenantId).Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = $"case {i}", TeamId = "t" })));

        // 12 cases over 3 agents in turn: 4 each, whatever the interleaving.
        Assert.Equal([("a", 4), ("b", 4), ("c", 4)], cases.GroupBy(c => c.OwnerId!).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
    }

    [Fact]
    public async Task LeastLoaded_PicksTheAgentWithFewestOpenCases()
    {
        await using var host = await SupportHost.CreateAsync(o => o.Teams.Add(new SupportTeam { Id = "t", Agents = ["a", "b", "c"], Strategy = AssignmentStrategy.LeastLoaded }));
        var customer = await host.CustomerAsync();
        foreach (var owner in new[] { "a", "a", "b", "c" })
        {
            await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "seed", OwnerId = owner });
        }

        var cOpen = (await host.Crm.Cases.ListAsync(new CaseQuery { OwnerId = "c" })).Items.Single();
        await host.Crm.Cases.ChangeStatusAsync(cOpen.Id, CaseStatus.Resolved); // resolved cases are no load

        var owners = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add((await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = $"case {i}", TeamId = "t" })).OwnerId);
        }

        // Loads a2 b1 c0 -> c; a2 b1 c1 -> b (listed first); a2 b2 c1 -> c; a2 b2 c2 -> a.
        Assert.Equal(["c", "b", "c", "a"], owners);
    }

    [Fact]
    public async Task FileInbound_JoinsTheOpenCaseOnTheChannelOrOpensOne()
    {
        await using var host = await SupportHost.CreateAsync(o => o.FileInboundChannels.Add(InteractionChannels.Email));
        var customer = await host.CustomerAsync();

        var first = await host.InboundAsync(customer.Id, "My parcel never arrived");
        var cases = (await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items;
        var opened = Assert.Single(cases);
        Assert.Equal(("My parcel never arrived", InteractionChannels.Email, CaseStatus.New), (opened.Subject, opened.Channel, opened.Status));

        var second = await host.InboundAsync(customer.Id, "Re: My parcel never arrived");
        var chat = await host.InboundAsync(customer.Id, "hello?", InteractionChannels.Chat); // not a filed channel
        Assert.Single((await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items);

        var timeline = (await host.Crm.Interactions.GetTimelineAsync(customer.Id)).Items.ToDictionary(i => i.Id);
        Assert.Equal(opened.Id, timeline[first.Id].CaseId);
        Assert.Equal(opened.Id, timeline[second.Id].CaseId);
        Assert.Null(timeline[chat.Id].CaseId);

        // Filing through the API opens a chat case for the chat message, and filing again returns it.
        var chatCase = await host.Crm.Cases.FileInboundAsync(chat.Id, new OpenCaseRequest { CustomerId = customer.Id, Subject = "-", Priority = CasePriority.High });
        Assert.Equal((InteractionChannels.Chat, CasePriority.High, "hello?"), (chatCase.Channel, chatCase.Priority, chatCase.Subject));
        Assert.Equal(chatCase.Id, (await host.Crm.Cases.FileInboundAsync(chat.Id)).Id);

        // Once resolved, the next email opens a new case.
        await host.Crm.Cases.ChangeStatusAsync(opened.Id, CaseStatus.Resolved);
        await host.InboundAsync(customer.Id, "Another problem");
        Assert.Equal(3, (await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = customer.Id })).Items.Count);
    }

    [Fact]
    public async Task OutboundMessageOnCase_FromAnyPath_IsTheFirstResponse()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Question" });
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));

        // Recorded straight on the timeline (as the outbox does for a delivered message), not through the case service.
        await host.Crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, CaseId = opened.Id, Channel = InteractionChannels.Email, Direction = InteractionDirection.Outbound, OccurredAt = host.Time.GetUtcNow() });
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await host.Crm.Cases.AddMessageAsync(opened.Id, new Interaction { CustomerId = customer.Id, Channel = InteractionChannels.Email, Direction = InteractionDirection.Outbound, OccurredAt = host.Time.GetUtcNow() });

        var stored = (await host.Crm.Cases.GetAsync(opened.Id))!;
        Assert.Equal(TestEngine.Start.AddMinutes(10), stored.FirstResponseAt); // the first one counts
        Assert.Equal(CaseStatus.Open, stored.Status);
    }

    [Fact]
    public async Task AddMessage_ForAnotherCustomer_IsRejected()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var other = await host.CustomerAsync("Grace");
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Question" });

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Cases.AddMessageAsync(opened.Id, new Interaction { CustomerId = other.Id, Channel = "email", OccurredAt = host.Time.GetUtcNow() }));

        Assert.Equal("customerId", Assert.Single(error.Errors).Path);
        Assert.Empty((await host.Crm.Interactions.GetTimelineAsync(other.Id)).Items);
    }

    [Fact]
    public async Task Open_WithTheSameOpenKey_ReturnsTheFirstCase()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var request = new OpenCaseRequest { CustomerId = customer.Id, Subject = "Once", OpenKey = "k-1" };

        var first = await host.Crm.Cases.OpenAsync(request);
        var second = await host.Crm.Cases.OpenAsync(request with { Subject = "Twice" });

        Assert.Equal(first.Id, second.Id);
        Assert.Single(host.EventsOf<CaseOpened>());
    }

    [Fact]
    public async Task Open_InvalidRequest_ListsEveryProblemAndStoresNothing()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = " ", TeamId = "nope", SlaPolicy = "gold" }));
        var missing = await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = Guid.NewGuid(), Subject = "x" }));

        Assert.Equal(["slaPolicy", "subject", "teamId"], error.Errors.Select(e => e.Path).Order());
        Assert.Contains("gold", error.Errors.Single(e => e.Path == "slaPolicy").Message, StringComparison.Ordinal);
        Assert.Equal(nameof(Customer), missing.EntityType);
        Assert.Empty((await host.Crm.Cases.ListAsync(new CaseQuery())).Items);
    }

    [Fact]
    public async Task ClosedCase_CannotBeReopened()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "x" });
        await host.Crm.Cases.ChangeStatusAsync(opened.Id, CaseStatus.Closed);

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Cases.ChangeStatusAsync(opened.Id, CaseStatus.Open));

        Assert.Equal("status", Assert.Single(error.Errors).Path);
        Assert.Equal(CaseStatus.Closed, (await host.Crm.Cases.GetAsync(opened.Id))!.Status);
    }

    [Fact]
    public async Task Merge_MovesTheMergedCustomersCasesToTheSurvivor()
    {
        await using var host = await SupportHost.CreateAsync();
        var survivor = await host.CustomerAsync();
        var merged = await host.CustomerAsync("Grace");
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = merged.Id, Subject = "x" });

        await host.Crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        Assert.Equal(survivor.Id, (await host.Crm.Cases.GetAsync(opened.Id))!.CustomerId);
        Assert.Single((await host.Crm.Cases.ListAsync(new CaseQuery { CustomerId = survivor.Id })).Items);
    }
}
