using Crm.Engine.Conditions;

namespace Crm.Engine.Tests.Customers;

public class CustomerServiceTests
{
    [Fact]
    public async Task CreateAsync_ValidCustomer_NormalizesAndStoresVersionOne()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant("acme");

        var created = await crm.Customers.CreateAsync(new Customer
        {
            FirstName = "  Ada ",
            LastName = "Lovelace",
            Emails = ["Ada@Example.COM", "ada@example.com"],
            Phones = ["+44 (20) 7946-0958"],
            Tags = ["vip", " vip "],
            Demographics = new Demographics { Country = "gb" },
        });

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal("acme", created.TenantId);
        Assert.Equal(1, created.Version);
        Assert.Equal("Ada", created.FirstName);
        Assert.Equal(["ada@example.com"], created.Emails);
        Assert.Equal(["+442079460958"], created.Phones);
        Assert.Equal(["vip"], created.Tags);
        Assert.Equal("GB", created.Demographics.Country);
        Assert.Equal(TestEngine.Start, created.CreatedAt);
        var read = await crm.Customers.GetAsync(created.Id);
        Assert.Equal(created.Emails, read!.Emails);
        Assert.Equal(created.Id, (await crm.Customers.FindByEmailAsync("ADA@example.com"))!.Id);
    }

    [Fact]
    public async Task CreateAsync_InvalidFields_NamesEachFieldAndStoresNothing()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.CreateAsync(new Customer
        {
            FirstName = "Typo",
            Emails = ["good@example.com", "bad@@example"],
            Phones = ["12ab"],
            Demographics = new Demographics { Country = "Germany", BirthDate = new DateOnly(2999, 1, 1) },
            Attributes = new Dictionary<string, AttributeValue> { ["bad key"] = 1m },
        }));

        Assert.Equal(
            ["attributes['bad key']", "demographics.birthDate", "demographics.country", "emails[1]", "phones[0]"],
            error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains("'bad@@example' is not a valid email address", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task CreateAsync_NothingIdentifying_IsRejected()
    {
        await using var test = await TestEngine.CreateAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => test.Tenant().Customers.CreateAsync(new Customer()));

        Assert.Equal("required", Assert.Single(error.Errors).Rule);
    }

    [Fact]
    public async Task UpdateAsync_TwoWritersFromSameVersion_SecondGetsConcurrencyExceptionAndFirstChangeSurvives()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var original = await crm.Customers.CreateAsync(new Customer { FirstName = "Grace", LastName = "Hopper" });

        var first = await crm.Customers.UpdateAsync(original with { Company = "US Navy" });
        var error = await Assert.ThrowsAsync<CrmConcurrencyException>(() => crm.Customers.UpdateAsync(original with { Company = "Remington Rand" }));

        Assert.Equal((1L, 2L), (error.ExpectedVersion, error.ActualVersion));
        var stored = await crm.Customers.GetAsync(original.Id);
        Assert.Equal("US Navy", stored!.Company);
        Assert.Equal(2, stored.Version);
        Assert.Equal(first.Version, stored.Version);
    }

    [Fact]
    public async Task UpdateAsync_KeepsCreationTimeAndStampsUpdateTime()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var created = await crm.Customers.CreateAsync(new Customer { FirstName = "Alan" });
        test.Time.Advance(TimeSpan.FromHours(5));

        var updated = await crm.Customers.UpdateAsync(created with { CreatedAt = default, LastName = "Turing" });

        Assert.Equal(TestEngine.Start, updated.CreatedAt);
        Assert.Equal(TestEngine.Start.AddHours(5), updated.UpdatedAt);
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_ThrowsAndKeepsTheCustomer()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var created = await crm.Customers.CreateAsync(new Customer { FirstName = "Linus" });
        await crm.Customers.UpdateAsync(created with { LastName = "Torvalds" });

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => crm.Customers.DeleteAsync(created.Id, created.Version));
        Assert.NotNull(await crm.Customers.GetAsync(created.Id));

        await crm.Customers.DeleteAsync(created.Id, 2);
        Assert.Null(await crm.Customers.GetAsync(created.Id));
    }

    [Fact]
    public async Task Tenants_AreIsolatedThroughEveryServiceCall()
    {
        await using var test = await TestEngine.CreateAsync();
        var a = test.Tenant("a");
        var b = test.Tenant("b");
        var customer = await a.Customers.CreateAsync(new Customer { FirstName = "Only", LastName = "InA", Emails = ["only@a.example"] });

        Assert.Null(await b.Customers.GetAsync(customer.Id));
        Assert.Null(await b.Customers.FindByEmailAsync("only@a.example"));
        Assert.Equal(0, await b.Customers.CountAsync(null));
        Assert.Empty((await b.Customers.SearchAsync("""{"field":"lastName","op":"eq","value":"InA"}""")).Items);
        await Assert.ThrowsAsync<CrmTenantMismatchException>(() => b.Customers.UpdateAsync(customer with { FirstName = "Hijack" }));
        await Assert.ThrowsAnyAsync<CrmException>(() => b.Customers.DeleteAsync(customer.Id, customer.Version));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => b.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = TestEngine.Start }));
        Assert.Empty((await b.Interactions.GetTimelineAsync(customer.Id)).Items);
        Assert.Equal("Only", (await a.Customers.GetAsync(customer.Id))!.FirstName);
    }

    [Fact]
    public async Task SearchAsync_JsonSegment_ReturnsMatchesAcrossPages()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        for (var i = 0; i < 7; i++)
        {
            await crm.Customers.CreateAsync(new Customer { FirstName = $"P{i}", Demographics = new Demographics { Country = i % 2 == 0 ? "DE" : "FR" } });
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await crm.Customers.SearchAsync("""{"field":"country","op":"eq","value":"DE"}""", new(2, token));
            seen.AddRange(page.Items.Select(c => c.FirstName));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["P0", "P2", "P4", "P6"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_UnknownFieldOrMalformedJson_NamesThePathAndLine()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();

        var unknown = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.SearchAsync("{\"all\": [\n {\"field\": \"emial\", \"op\": \"eq\", \"value\": \"x\"}]}"));
        var malformed = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.SearchAsync("{\"all\": [\n {\"field\": }]}"));

        Assert.Equal("$.all[0].field", unknown.Errors[0].Path);
        Assert.Equal(2, unknown.Errors[0].Line);
        Assert.Contains("Did you mean 'email'?", unknown.Message, StringComparison.Ordinal);
        Assert.Equal((2, "syntax"), (malformed.Errors[0].Line, malformed.Errors[0].Rule));
    }

    [Fact]
    public async Task SearchAsync_PageLargerThanOptionsAllow_Throws()
    {
        await using var test = await TestEngine.CreateAsync(options: o => (o.MaxPageSize, o.DefaultPageSize) = (10, 10));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => test.Tenant().Customers.SearchAsync(filter: null, new(11)));

        Assert.Contains("MaxPageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_OneBadRow_ReportsItsIndexAndStoresNothing()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        var rows = Enumerable.Range(0, 50).Select(i => new Customer { FirstName = $"C{i}", Emails = [i == 37 ? "not-an-email" : $"c{i}@example.com"] }).ToList();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Customers.ImportAsync(rows));

        Assert.Equal("[37].emails[0]", Assert.Single(error.Errors).Path);
        Assert.Equal(0, await crm.Customers.CountAsync(null));
        rows[37] = rows[37] with { Emails = ["c37@example.com"] };
        Assert.Equal(50, await crm.Customers.ImportAsync(rows));
        Assert.Equal(50, await crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task CountAsync_RelativeDate_UsesTheEngineClock()
    {
        await using var test = await TestEngine.CreateAsync();
        var crm = test.Tenant();
        await crm.Customers.CreateAsync(new Customer { FirstName = "Early" });
        test.Time.Advance(TimeSpan.FromDays(40));
        await crm.Customers.CreateAsync(new Customer { FirstName = "Late" });
        var recent = ConditionParser.Parse("""{"field":"createdAt","op":"gte","value":"P30D"}""", CrmFields.Customer);

        Assert.Equal(1, await crm.Customers.CountAsync(recent));
        test.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(0, await crm.Customers.CountAsync(recent));
    }
}
