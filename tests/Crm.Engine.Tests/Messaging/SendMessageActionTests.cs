using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Engine.Tests.Workflows;

namespace Crm.Engine.Tests.Messaging;

public sealed class SendMessageActionTests
{
    private const string Definition = """
        {
          "schemaVersion": 1,
          "id": "welcome-flow",
          "version": 1,
          "entity": "customer",
          "initialState": "new",
          "retry": { "attempts": 1 },
          "triggers": { "greet": {}, "greetAndFail": {} },
          "states": {
            "new": {},
            "greeted": { "onEntry": [ { "action": "sendMessage", "params": { "channel": "email", "template": "welcome", "data": { "brand": "Contoso" } } } ] },
            "broken": { "onEntry": [
              { "action": "sendMessage", "params": { "channel": "email", "template": "welcome" } },
              { "action": "explode", "params": {} } ] }
          },
          "transitions": [
            { "from": "new", "trigger": "greet", "to": "greeted" },
            { "from": "new", "trigger": "greetAndFail", "to": "broken" }
          ]
        }
        """;

    [Fact]
    public async Task SendMessage_EnqueuesWithTheTransition_AndIsDelivered()
    {
        await using var host = await MessagingHost.CreateAsync(builder: b => b.AddWorkflow(Definition).AddTestActions());
        var ada = await host.CustomerAsync();
        var instance = await host.Crm.Workflows.StartAsync("welcome-flow", ada.Id);

        await host.Crm.Workflows.FireAsync(instance.Id, "greet");
        await host.DeliverDueAsync();

        var sent = Assert.Single(host.Adapter.Calls);
        Assert.Equal("Hi Ada, welcome to Contoso.", sent.TextBody);
        Assert.StartsWith("wf:", sent.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_StepRolledBack_LeavesNoMessage()
    {
        await using var host = await MessagingHost.CreateAsync(builder: b => b.AddWorkflow(Definition).AddTestActions());
        var ada = await host.CustomerAsync();
        var instance = await host.Crm.Workflows.StartAsync("welcome-flow", ada.Id);

        await Assert.ThrowsAnyAsync<CrmException>(() => host.Crm.Workflows.FireAsync(instance.Id, "greetAndFail"));
        await host.DeliverDueAsync();

        Assert.Empty((await host.Crm.Messages.ListAsync(new OutboxQuery())).Items);
        Assert.Empty(host.Adapter.Calls);
    }
}
