namespace Crm.Engine.Tests.Interactions;

public class InteractionServiceTests
{
    [Fact]
    public async Task GetTimelineAsync_ReturnsNewestFirstAcrossPages()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Tim" });
        var other = await crm.Customers.CreateAsync(new Customer { FirstName = "Other" });
        for (var i = 0; i < 5; i++)
        {
            await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = TestEngine.Start.AddDays(i), Subject = $"m{i}" });
        }

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = other.Id, Channel = "phone", OccurredAt = TestEngine.Start, Subject = "not mine" });

        var first = await crm.Interactions.GetTimelineAsync(customer.Id, new(3));
        var second = await crm.Interactions.GetTimelineAsync(customer.Id, new(3, first.ContinuationToken));

        Assert.Equal(["m4", "m3", "m2"], first.Items.Select(i => i.Subject));
        Assert.Equal(["m1", "m0"], second.Items.Select(i => i.Subject));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task RecordAsync_InvalidFields_NamesThemAndStoresNothing()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Ken" });

        var error = await Assert.ThrowsAsync<CrmValidationException>(() =>
            crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "E Mail", OccurredAt = default }));

        Assert.Equal(["channel", "occurredAt"], error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Empty((await crm.Interactions.GetTimelineAsync(customer.Id)).Items);
    }

    [Fact]
    public async Task RecordAsync_UnknownCustomer_ThrowsNotFound()
    {
        await using var test = await TestEngine.CreateAsync();

        var error = await Assert.ThrowsAsync<CrmNotFoundException>(() =>
            test.Tenant().Interactions.RecordAsync(new Interaction { CustomerId = Guid.NewGuid(), Channel = "chat", OccurredAt = TestEngine.Start }));

        Assert.Equal(nameof(Customer), error.EntityType);
    }
}
