using Microsoft.Extensions.DependencyInjection;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Storage;

namespace Crm.Engine.Tests.Messaging;

public sealed class UnitOfWorkTests
{
    [Fact]
    public async Task TransactAsync_CommitsCustomerAndMessageTogether_AndRaisesEventsAfterCommit()
    {
        await using var host = await MessagingHost.CreateAsync();
        var raised = new List<CrmEvent>();
        using var created = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<CustomerCreated>((e, _) => { raised.Add(e); return Task.CompletedTask; });
        Customer? ada = null;
        await host.Crm.TransactAsync(async ct =>
        {
            ada = await host.Crm.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] }, ct);
            await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TemplateId = "welcome" }, ct);
            Assert.Empty(raised); // held back until the commit
        });

        Assert.Single(raised);
        Assert.NotNull(await host.Crm.Customers.GetAsync(ada!.Id));
        Assert.Single((await host.Crm.Messages.ListAsync(new OutboxQuery { CustomerId = ada.Id })).Items);
    }

    [Fact]
    public async Task TransactAsync_Throwing_RollsBackEverythingAndRaisesNothing()
    {
        await using var host = await MessagingHost.CreateAsync();
        var raised = 0;
        using var created = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<CustomerCreated>((_, _) => { raised++; return Task.CompletedTask; });
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Crm.TransactAsync(async ct =>
        {
            var ada = await host.Crm.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] }, ct);
            await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "hi" }, ct);
            throw new InvalidOperationException("payment declined");
        }));

        Assert.Equal(0, raised);
        Assert.Null(await host.Crm.Customers.FindByEmailAsync("ada@example.com"));
        Assert.Empty((await host.Crm.Messages.ListAsync(new OutboxQuery())).Items);
        await host.DeliverDueAsync();
        Assert.Empty(host.Adapter.Calls);
    }

    [Fact]
    public async Task TransactAsync_OtherTenantInside_IsRejected()
    {
        await using var host = await MessagingHost.CreateAsync();
        var other = host.Engine.Tenant("other");
        await Assert.ThrowsAsync<CrmTenantMismatchException>(() => host.Crm.TransactAsync(async ct =>
            await other.Customers.CreateAsync(new Customer { FirstName = "Eve", Emails = ["eve@example.com"] }, ct)));
        Assert.Null(await other.Customers.FindByEmailAsync("eve@example.com"));
    }
}
