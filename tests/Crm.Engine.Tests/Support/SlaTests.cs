using Crm.Engine.Scheduling;
using Crm.Engine.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Support;

public sealed class SlaTests
{
    // Mon-Fri 09:00-17:00 UTC; Monday 2026-06-08 is a holiday.
    private static readonly SlaPolicy BusinessHours = new()
    {
        Name = "business",
        Targets = new Dictionary<CasePriority, SlaTarget> { [CasePriority.Normal] = new(TimeSpan.FromHours(4), TimeSpan.FromHours(16)) },
        Hours = new SupportHours { Holidays = new HashSet<DateOnly> { new(2026, 6, 8) } },
    };

    private static readonly SlaPolicy RoundTheClock = new()
    {
        Name = "rtc",
        Targets = new Dictionary<CasePriority, SlaTarget>
        {
            [CasePriority.High] = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4)),
            [CasePriority.Normal] = new(TimeSpan.FromHours(8), TimeSpan.FromDays(2)),
        },
        EscalationTeamId = "tier2",
    };

    [Fact]
    public async Task Open_ComputesDueTimesInSupportHoursSkippingWeekendAndHoliday()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        await host.AdvanceToAsync(new DateTimeOffset(2026, 6, 5, 15, 0, 0, TimeSpan.Zero)); // Friday 15:00

        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Invoice wrong", SlaPolicy = "business" });

        // First response 4h: Fri 15-17 (2h), Sat/Sun off, Mon holiday, Tue 09-11 (2h) -> Tue 11:00.
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 11, 0, 0, TimeSpan.Zero), opened.FirstResponseDueAt);
        // Resolution 16h: Fri 2h + Tue 8h + Wed 09-15 (6h) -> Wed 15:00.
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 15, 0, 0, TimeSpan.Zero), opened.ResolutionDueAt);
        Assert.Equal("business", opened.SlaPolicy);

        // Warning at 80% of 4h = 3h12m: Fri 2h + Tue 09:00-10:12 -> Tue 10:12.
        var warning = await host.Crm.Scheduler.FindAsync($"case-sla:{opened.Id:N}:{SlaMilestone.FirstResponseWarning}");
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 10, 12, 0, TimeSpan.Zero), warning!.DueAt);
        // Resolution warning at 80% of 16h = 12h48m: Fri 2h + Tue 8h + Wed 09:00-11:48 -> Wed 11:48.
        var resolutionWarning = await host.Crm.Scheduler.FindAsync($"case-sla:{opened.Id:N}:{SlaMilestone.ResolutionWarning}");
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 11, 48, 0, TimeSpan.Zero), resolutionWarning!.DueAt);
    }

    [Fact]
    public async Task Timers_WarnAndBreachInBusinessTime_NotOverTheWeekend()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        await host.AdvanceToAsync(new DateTimeOffset(2026, 6, 5, 15, 0, 0, TimeSpan.Zero));
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Invoice wrong", SlaPolicy = "business" });

        await host.AdvanceToAsync(new DateTimeOffset(2026, 6, 9, 10, 11, 0, TimeSpan.Zero)); // over the weekend and the holiday
        Assert.Empty(host.EventsOf<CaseSlaWarning>());

        await host.AdvanceToAsync(new DateTimeOffset(2026, 6, 9, 10, 13, 0, TimeSpan.Zero));
        var warned = Assert.Single(host.EventsOf<CaseSlaWarning>());
        Assert.Equal((opened.Id, SlaMilestone.FirstResponseWarning), (warned.Case.Id, warned.Milestone));
        var alert = Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items);
        Assert.Equal(("sla-at-risk", opened.Id, customer.Id), (alert.Rule, alert.CaseId, alert.CustomerId));
        Assert.Empty(host.EventsOf<CaseSlaBreached>());

        await host.AdvanceToAsync(new DateTimeOffset(2026, 6, 9, 11, 1, 0, TimeSpan.Zero));
        var breached = Assert.Single(host.EventsOf<CaseSlaBreached>());
        Assert.Equal(SlaMilestone.FirstResponseBreach, breached.Milestone);
        Assert.Equal(1, (await host.Crm.Cases.GetAsync(opened.Id))!.EscalationLevel);
    }

    [Fact]
    public async Task Breach_EscalatesToTheEscalationTeamOnce()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Site down", Priority = CasePriority.High, TeamId = "tier1" });
        Assert.Equal(("tier1", "alice"), (opened.TeamId, opened.OwnerId));

        await host.AdvanceAsync(TimeSpan.FromMinutes(47)); // warning at 48 min (80% of 1h)
        Assert.Empty(host.EventsOf<CaseSlaWarning>());
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Single(host.EventsOf<CaseSlaWarning>());
        await host.AdvanceAsync(TimeSpan.FromMinutes(12));

        var escalated = Assert.Single(host.EventsOf<CaseEscalated>());
        Assert.Equal((0, 1), (escalated.Before.EscalationLevel, escalated.After.EscalationLevel));
        var stored = (await host.Crm.Cases.GetAsync(opened.Id))!;
        Assert.Equal(("tier2", "xavier", 1), (stored.TeamId, stored.OwnerId, stored.EscalationLevel));
        Assert.Contains(host.EventsOf<CaseAssigned>(), e => e.After.OwnerId == "xavier");

        // The same job delivered again (a lost lease, a retry) changes nothing.
        var handler = host.Engine.Provider.GetServices<IScheduledJobHandler>().OfType<SlaJobHandler>().Single();
        Assert.False(await handler.FireAsync(host.Crm.Caller.TenantId, opened.Id, SlaMilestone.FirstResponseBreach, CancellationToken.None));
        Assert.Single(host.EventsOf<CaseEscalated>());
        Assert.Equal(1, (await host.Crm.Cases.GetAsync(opened.Id))!.EscalationLevel);
    }

    [Fact]
    public async Task Breach_DeliveredTwiceConcurrently_FiresOnce()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Site down", Priority = CasePriority.High });
        var handler = host.Engine.Provider.GetServices<IScheduledJobHandler>().OfType<SlaJobHandler>().Single();

        var fired = await Task.WhenAll(
            handler.FireAsync(host.Crm.Caller.TenantId, opened.Id, SlaMilestone.ResolutionBreach, CancellationToken.None),
            handler.FireAsync(host.Crm.Caller.TenantId, opened.Id, SlaMilestone.ResolutionBreach, CancellationToken.None));

        Assert.Single(fired, f => f);
        Assert.Single(host.EventsOf<CaseSlaBreached>());
        Assert.Single(host.EventsOf<CaseEscalated>());
        Assert.Equal(1, (await host.Crm.Cases.GetAsync(opened.Id))!.EscalationLevel);
    }

    [Fact]
    public async Task FirstResponse_StopsTheFirstResponseClock()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Site down", Priority = CasePriority.High });
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));

        await host.Crm.Cases.AddMessageAsync(opened.Id, new Interaction { CustomerId = customer.Id, Channel = InteractionChannels.Email, Direction = InteractionDirection.Outbound, OccurredAt = host.Time.GetUtcNow(), Subject = "We are on it" });
        await host.AdvanceAsync(TimeSpan.FromHours(2)); // past the first-response target, before the resolution warning (3h12m)

        var stored = (await host.Crm.Cases.GetAsync(opened.Id))!;
        Assert.Equal(TestEngine.Start.AddMinutes(30), stored.FirstResponseAt);
        Assert.Equal(CaseStatus.Open, stored.Status);
        Assert.Empty(host.EventsOf<CaseSlaWarning>());
        Assert.Empty(host.EventsOf<CaseSlaBreached>());
        Assert.Equal(ScheduledJobStatus.Cancelled, (await host.Crm.Scheduler.FindAsync($"case-sla:{opened.Id:N}:{SlaMilestone.FirstResponseBreach}"))!.Status);
    }

    [Fact]
    public async Task Resolve_StopsEveryClock()
    {
        await using var host = await SupportHost.CreateAsync(Configure);
        var customer = await host.CustomerAsync();
        var opened = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Site down", Priority = CasePriority.High });

        var resolved = await host.Crm.Cases.ChangeStatusAsync(opened.Id, CaseStatus.Resolved);
        await host.AdvanceAsync(TimeSpan.FromHours(5));

        Assert.Equal(TestEngine.Start, resolved.ResolvedAt);
        Assert.Empty(host.EventsOf<CaseSlaWarning>());
        Assert.Empty(host.EventsOf<CaseSlaBreached>());
        var changed = Assert.Single(host.EventsOf<CaseStatusChanged>());
        Assert.Equal((CaseStatus.New, CaseStatus.Resolved), (changed.Before.Status, changed.After.Status));
    }

    internal static void Configure(SupportOptions o)
    {
        o.SlaPolicies.Add(BusinessHours);
        o.SlaPolicies.Add(RoundTheClock);
        o.DefaultSlaPolicy = "rtc";
        o.Teams.Add(new SupportTeam { Id = "tier1", Agents = ["alice", "bob"] });
        o.Teams.Add(new SupportTeam { Id = "tier2", Agents = ["xavier"] });
    }
}
