using Crm.Engine.Events;
using Crm.Engine.Security;

namespace Crm.Engine.Tests.Import;

/// <summary>Each customer an import stores gets an audit record like the one a single write gets, with origin import.</summary>
public sealed class ImportAuditTests
{
    [Fact]
    public async Task Every_stored_row_is_audited_as_created_or_updated_and_rejected_rows_are_not()
    {
        await using var engine = await TestEngine.CreateAsync();
        var tenant = "audit-" + Guid.NewGuid().ToString("N")[..8];
        var cli = engine.Engine.ForCaller(CrmCaller.System(tenant, "importer", CrmOrigin.Cli));
        await cli.Csv.ImportAsync(ImportKind.Customers, new StringReader("externalId,firstName,lastName,emails,city\nX1,Ann,Lee,ann@example.com,Berlin\nX2,Bad,Row,not-an-email,Rome\n"));
        engine.Time.Advance(TimeSpan.FromMinutes(1));

        var second = await cli.Csv.ImportAsync(ImportKind.Customers, new StringReader("externalId,lastName,emails,city\nX1,Lee-Smith,,Paris\nX3,New,new@example.com,\n"), new CsvImportOptions { BatchSize = 1 });

        Assert.Equal((1L, 1L), (second.Inserted, second.Updated));
        var crm = engine.Engine.ForCaller(CrmCaller.System(tenant));
        var ann = (await crm.Customers.FindByEmailAsync("ann@example.com"))!;
        var annLog = (await crm.Audit.ForRecordAsync("Customer", ann.Id.ToString())).Items;
        Assert.Equal(["CustomerUpdated", "CustomerCreated"], annLog.Select(r => r.Action));
        var update = annLog[0];
        Assert.Equal(("importer", "import:cli", TestEngine.Start.AddMinutes(1), ann.Id), (update.Actor, update.Origin, update.OccurredAt, update.CustomerId));
        Assert.Equal(
            [("demographics.city", "Berlin", "Paris"), ("displayName", "Ann Lee", "Ann Lee-Smith"), ("lastName", "Lee", "Lee-Smith")],
            update.Changes.Select(c => (c.Field, c.Before, c.After)));
        var created = annLog[1];
        Assert.Equal(TestEngine.Start, created.OccurredAt);
        Assert.Contains(created.Changes, c => c is { Field: "emails", Before: null, After: "[\"ann@example.com\"]" });

        var x3 = (await crm.Customers.FindByEmailAsync("new@example.com"))!;
        Assert.Equal("CustomerCreated", Assert.Single((await crm.Audit.ForRecordAsync("Customer", x3.Id.ToString())).Items).Action);
        var byImporter = (await crm.Audit.ForActorAsync("importer")).Items;
        Assert.Equal(3, byImporter.Count); // Ann created + updated, X3 created; the bad row X2 was never stored, so it has no record
        Assert.All(byImporter, r => Assert.Equal("import:cli", r.Origin));
    }

    [Fact]
    public void Import_records_carry_the_same_fields_and_values_as_the_audit_trail_makes_of_single_writes()
    {
        var now = new DateTimeOffset(2026, 6, 1, 9, 30, 15, 123, TimeSpan.Zero);
        var before = new Customer
        {
            Id = Guid.CreateVersion7(now),
            TenantId = "t1",
            ExternalId = "E-1",
            FirstName = "Zoë",
            LastName = "O'Brien <&>",
            Emails = ["zoe+crm@example.com", "z@example.org"],
            Phones = ["+4930123456"],
            Demographics = new Demographics { BirthDate = new DateOnly(1980, 2, 29), City = "München", IncomeBand = "B" },
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["score"] = 12.50m, ["vip"] = true, ["since"] = new DateOnly(2020, 1, 2), ["plan"] = "Pro" },
            Tags = [],
            LifecycleStage = LifecycleStage.Customer,
            CreatedAt = now.AddDays(-3),
            UpdatedAt = now.AddDays(-1),
            Version = 4,
        };
        var after = before with
        {
            Company = "Ærø Ltd",
            Tags = ["vip"],
            Phones = [],
            Demographics = before.Demographics with { City = null, Country = "DE" },
            Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["score"] = 13m, ["plan"] = "Pro" },
            UpdatedAt = now,
        };
        using var audit = new ImportAudit(new CrmCaller("t1", "u1"), now);

        var created = audit.Created(before);
        var updated = audit.Updated(before, after);
        var expectedCreated = AuditTrail.From(new CustomerCreated(before) { EventId = Guid.NewGuid(), TenantId = "t1", OccurredAt = now, Actor = "u1" }, null);
        var expectedUpdated = AuditTrail.From(new CustomerUpdated(before, after) { EventId = Guid.NewGuid(), TenantId = "t1", OccurredAt = now, Actor = "u1" }, null);

        Assert.Equal(expectedCreated.Changes, created.Changes);
        Assert.Equal(expectedUpdated.Changes, updated.Changes);
        Assert.Equal((expectedCreated.Action, expectedCreated.RecordType, expectedCreated.RecordId, expectedCreated.CustomerId), (created.Action, created.RecordType, created.RecordId, created.CustomerId));
        Assert.Equal((expectedUpdated.Action, "import"), (updated.Action, updated.Origin));
        Assert.True(string.CompareOrdinal(updated.Id.ToString(), created.Id.ToString()) > 0); // ascending, so the audit log's key appends
    }
}
