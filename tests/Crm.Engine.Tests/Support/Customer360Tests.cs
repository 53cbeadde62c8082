using Crm.Engine.Storage;
using Crm.Engine.Support;

namespace Crm.Engine.Tests.Support;

public sealed class Customer360Tests
{
    [Fact]
    public async Task Get_ReturnsEverySectionPagedWhereItGrows()
    {
        await using var host = await SupportHost.CreateAsync();
        var customer = await host.CustomerAsync();
        var other = await host.CustomerAsync("Grace");
        var now = host.Time.GetUtcNow();
        await host.Crm.Interactions.ImportAsync(Enumerable.Range(0, 25).Select(i => new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = now.AddHours(-i), Subject = $"m{i}" }));
        await host.Crm.Interactions.RecordAsync(new Interaction { CustomerId = other.Id, Channel = "email", OccurredAt = now, Subject = "not hers" });
        for (var i = 0; i < 12; i++)
        {
            await host.Crm.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, PurchasedAt = now.AddDays(-i), Currency = "EUR", Lines = [new PurchaseLine("SKU", "Mug", 1, 10m + i)] });
        }

        var caseIds = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            caseIds.Add((await host.Crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = $"case {i}" })).Id);
            await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        }

        await host.Crm.Cases.ChangeStatusAsync(caseIds[1], CaseStatus.Resolved);
        await host.Crm.Cases.ChangeStatusAsync(caseIds[2], CaseStatus.Closed);
        await host.Crm.Cases.ChangeStatusAsync(caseIds[4], CaseStatus.Resolved);
        await host.Crm.Privacy.RecordConsentAsync(customer.Id, "email", "marketing", ConsentStatus.Granted, "signup");
        await host.Crm.Privacy.RecordConsentAsync(customer.Id, "email", "marketing", ConsentStatus.Withdrawn, "unsubscribe");
        await host.Crm.Segments.ComputeRfmAsync();

        var view = (await host.Crm.Customer360.GetAsync(new Customer360Request { CustomerId = customer.Id, Timeline = new PageRequest(10), Purchases = new PageRequest(5), RecentCases = 3 }))!;

        Assert.Equal(customer.Id, view.Profile.Id);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), view.Timeline.Items.Select(i => i.Subject)); // newest first
        Assert.NotNull(view.Timeline.ContinuationToken);
        var next = await host.Crm.Interactions.GetTimelineAsync(customer.Id, new PageRequest(10, view.Timeline.ContinuationToken));
        Assert.Equal("m10", next.Items[0].Subject);
        Assert.Equal([caseIds[3], caseIds[0]], view.OpenCases.Select(c => c.Id));
        Assert.Equal([caseIds[4], caseIds[3], caseIds[2]], view.RecentCases.Select(c => c.Id));
        Assert.Equal(5, view.Purchases.Items.Count);
        Assert.Equal(now, view.Purchases.Items[0].PurchasedAt);
        Assert.NotNull(view.Purchases.ContinuationToken);
        Assert.Equal([ConsentStatus.Granted, ConsentStatus.Withdrawn], view.Consents.Select(c => c.Status));
        Assert.NotNull(view.Rfm);
        Assert.Equal(host.Time.GetUtcNow(), view.AsOf);
    }

    [Fact]
    public async Task Get_UnknownCustomer_IsNull_AndBadPageSizesAreRejected()
    {
        await using var host = await SupportHost.CreateAsync();

        Assert.Null(await host.Crm.Customer360.GetAsync(new Customer360Request { CustomerId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Crm.Customer360.GetAsync(new Customer360Request { CustomerId = Guid.NewGuid(), Timeline = new PageRequest(0) }));
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Customer360.GetAsync(new Customer360Request { CustomerId = Guid.NewGuid(), RecentCases = 1000 }));
        Assert.Equal("recentCases", Assert.Single(error.Errors).Path);
    }
}
