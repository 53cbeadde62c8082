using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

public sealed class SupportOptionsTests
{
    [Fact]
    public async Task Start_WithBadSupportConfiguration_FailsNamingEachOption()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => SupportHost.CreateAsync(o =>
        {
            o.SlaPolicies.Add(new SlaPolicy
            {
                Name = "p",
                Targets = new Dictionary<CasePriority, SlaTarget> { [CasePriority.Normal] = new(TimeSpan.Zero, TimeSpan.FromHours(1)) },
                Hours = new SupportHours { TimeZoneId = "Mars/Olympus", Start = new(17, 0), End = new(9, 0) },
                EscalationTeamId = "ghost",
            });
            o.DefaultSlaPolicy = "gold";
            o.Teams.Add(new SupportTeam { Id = "t", Agents = [] });
            o.AlertRules.Add(new AlertRule { Name = "r", Condition = "{" });
        }));

        Assert.Equal(
            ["SupportOptions.DefaultSlaPolicy", "SupportOptions.SlaPolicies[0].EscalationTeamId", "SupportOptions.SlaPolicies[0].Hours.End", "SupportOptions.SlaPolicies[0].Hours.TimeZoneId", "SupportOptions.SlaPolicies[0].Targets[Normal]", "SupportOptions.Teams[0].Agents"],
            error.Errors.Select(e => e.Path).Where(p => p.StartsWith("SupportOptions.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(error.Errors, e => e.Source == "SupportOptions.AlertRules[0].Condition");
    }
}
