using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Engine.Support;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Support;

/// <summary>Alert rules over the customer's cases (the <c>cases</c> relation), on events and in the SQL sweep (SQLite).</summary>
public sealed class AlertCaseRuleTests
{
    private const string MoreThanTwoOpenCases =
        """{"count":"cases","where":{"field":"status","op":"in","value":["New","Open","Pending"]},"op":"gt","value":2}""";

    private const string HighPriorityCaseInSevenDays =
        """{"some":"cases","where":{"all":[{"field":"priority","op":"eq","value":"High"},{"field":"openedAt","op":"gte","value":"P7D"}]}}""";

    [Fact]
    public async Task MoreThanTwoOpenCases_RaisesWhenTheThirdOpenCaseIsOpened_Once()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule { Name = "busy", Condition = MoreThanTwoOpenCases, Message = "Three open cases" }));
        var customer = await host.CustomerAsync();
        var first = await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "one" });
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "two" });
        await host.Crm.Cases.ChangeStatusAsync(first.Id, CaseStatus.Resolved);
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "three" });
        Assert.Empty((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items); // two open, one resolved

        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "four" });
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "five" }); // same occurrence
        var sweep = await host.Crm.Alerts.EvaluateAsync("busy");

        var alert = Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery { CustomerId = customer.Id })).Items);
        Assert.Equal(("busy", "Three open cases"), (alert.Rule, alert.Message));
        Assert.Equal((1, 0), (sweep.Matched, sweep.Raised.Count)); // the SQL sweep agrees, and raises nothing new
        Assert.Single(host.EventsOf<AlertRaised>());
    }

    [Fact]
    public async Task HighPriorityCaseInTheLastSevenDays_IsFoundBySweep_OnlyForRecentHighCases()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule { Name = "hot", Condition = HighPriorityCaseInSevenDays, EvaluateOnInteraction = false }));
        var old = await host.CustomerAsync("Old");
        var recent = await host.CustomerAsync("Recent");
        var normal = await host.CustomerAsync("Normal");
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = old.Id, Subject = "a while ago", Priority = CasePriority.High });
        await host.AdvanceAsync(TimeSpan.FromDays(8));
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = recent.Id, Subject = "today", Priority = CasePriority.High });
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = normal.Id, Subject = "today", Priority = CasePriority.Normal });

        var sweep = await host.Crm.Alerts.EvaluateAsync("hot");

        Assert.Equal(1, sweep.Matched);
        Assert.Equal(recent.Id, Assert.Single(sweep.Raised).CustomerId);
    }

    [Fact]
    public async Task CaseRuleCheckedOnEvents_SeesCasesOpenedBeforeTheInteraction()
    {
        await using var host = await SupportHost.CreateAsync(o => o.AlertRules.Add(new AlertRule
        {
            Name = "unhappy-and-busy",
            // An inbound complaint from a customer who already has an open high-priority case.
            Condition = """{"all":[{"some":"cases","where":{"all":[{"field":"priority","op":"eq","value":"High"},{"field":"status","op":"in","value":["New","Open","Pending"]}]}},{"some":"interactions","where":{"field":"subject","op":"contains","value":"complaint"}}]}""",
        }));
        var customer = await host.CustomerAsync();
        await host.InboundAsync(customer.Id, "complaint: late");
        Assert.Empty((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items);

        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "urgent", Priority = CasePriority.High });

        Assert.Equal(customer.Id, Assert.Single((await host.Crm.Alerts.ListAsync(new AlertQuery())).Items).CustomerId);
    }

    [Fact]
    public async Task CustomerWorkflowGuards_SeeTheCustomersCases()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "one", Priority = CasePriority.Urgent });
        var guard = ConditionEvaluator.Compile(
            ConditionParser.Parse("""{"some":"cases","where":{"field":"priority","op":"eq","value":"Urgent"}}""", CrmFields.Customer), CrmFields.Customer);

        var provider = host.Engine.Provider.GetRequiredService<IStorageProvider>();
        await using var session = await provider.OpenSessionAsync(host.Crm.Caller.TenantId, CancellationToken.None);
        var snapshot = await new CustomerWorkflowEntityResolver().LoadAsync(session, "customer", customer.Id, includeRelations: true, CancellationToken.None);

        Assert.True(guard.Matches(snapshot!.Target, host.Time.GetUtcNow()));
    }
}
