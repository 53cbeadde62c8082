using System.Text;

namespace Crm.Engine.Tests.Import;

public sealed class CsvTransferServiceTests
{
    private const string Mixed = """
        Ext,Given name,Family name,E-mail,Phone,birthDate,lifecycleStage,Plan
        C-1,Ada,Lovelace,ada@example.com,+44 20 7946 0958,1990-12-10,Customer,Pro
        C-2,Bad,Email,not-an-email,,,,Free
        C-3,Bad,Date,bad.date@example.com,,10/12/1990,,Free
        C-4,Bad,Plan,plan@example.com,,,,Gold
        C-1,Dup,Licate,dup@example.com,,,,Free
        C-5,Grace,Hopper,grace@example.com,,,Lead,free
        ,,,,,,,Free
        """;

    private static readonly Dictionary<string, string> Map = new()
    {
        ["externalId"] = "Ext",
        ["firstName"] = "Given name",
        ["lastName"] = "Family name",
        ["emails"] = "E-mail",
        ["phones"] = "Phone",
        ["attributes.plan"] = "Plan",
    };

    private sealed class Collect : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task ImportAsync_MixedRows_StoresGoodRowsAndReportsBadOnes()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        await crm.CustomFields.DefineAsync(new CustomFieldDefinition("plan", CustomFieldType.Enum) { AllowedValues = ["Free", "Pro"] });
        var rejects = new StringWriter();
        var progress = new Collect();

        var result = await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader(Mixed), new CsvImportOptions { ColumnMap = Map, RejectWriter = rejects, BatchSize = 2 }, progress);

        Assert.Equal((7L, 2L, 0L, 5L), (result.RowsRead, result.Inserted, result.Updated, result.Rejected));
        var errors = result.Errors.Select(e => (e.Row, e.Column, e.Rule)).ToList();
        Assert.Equal(
            [(3L, "E-mail", "email"), (4L, "birthDate", "date"), (5L, "Plan", "enum"), (6L, "Ext", "duplicateInFile"), (8L, "Family name", "required")],
            errors);

        var ada = await crm.Customers.FindByEmailAsync("ada@example.com");
        Assert.Equal(("C-1", "Pro", "+442079460958", LifecycleStage.Customer), (ada!.ExternalId, ada.Attributes["plan"].AsString(), ada.PrimaryPhone, ada.LifecycleStage));
        Assert.Equal("Free", (await crm.Customers.FindByEmailAsync("grace@example.com"))!.Attributes["plan"].AsString());
        Assert.Equal(2, await crm.Customers.CountAsync(null));

        var rejectLines = rejects.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Ext,Given name,Family name,E-mail,Phone,birthDate,lifecycleStage,Plan,_row,_error", rejectLines[0]);
        Assert.Equal(6, rejectLines.Length);
        Assert.StartsWith("C-2,Bad,Email,not-an-email,,,,Free,3,", rejectLines[1], StringComparison.Ordinal);
        Assert.Contains("E-mail: 'not-an-email' is not a valid email address", rejectLines[1], StringComparison.Ordinal);

        Assert.True(progress.Reports.Count >= 2);
        Assert.Equal(result.RowsRead, progress.Reports[^1].RowsRead);
        Assert.Equal(2, progress.Reports[^1].Inserted);
        Assert.True(progress.Reports[^1].CharactersRead > 0);
    }

    [Fact]
    public async Task ImportAsync_SecondFile_UpsertsByExternalIdAndEmail()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader("externalId,firstName,lastName,emails,city\nX1,Ann,Lee,ann@example.com,Berlin\n,Bo,Kim,bo@example.com,Rome\n"));

        var result = await crm.Csv.ImportAsync(ImportKind.Customers, new StringReader("externalId,lastName,emails,city\nX1,Lee-Smith,,Paris\n,,bo@example.com,Milan\nX9,New,new@example.com,\n"));

        Assert.Equal((1L, 2L, 0L), (result.Inserted, result.Updated, result.Rejected));
        var ann = await crm.Customers.FindByEmailAsync("ann@example.com");
        Assert.Equal(("Ann", "Lee-Smith", "Paris"), (ann!.FirstName, ann.LastName, ann.Demographics.City));
        Assert.Equal("Milan", (await crm.Customers.FindByEmailAsync("bo@example.com"))!.Demographics.City);
        Assert.Equal(3, await crm.Customers.CountAsync(null));
    }

    [Fact]
    public async Task ImportAsync_InteractionsAndPurchases_GoodRowsStoredBadRowsReported()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var ann = await crm.Customers.CreateAsync(new Customer { LastName = "Lee", ExternalId = "X1", Emails = ["ann@example.com"] });

        var interactions = await crm.Csv.ImportAsync(ImportKind.Interactions, new StringReader("""
            customerExternalId,customerEmail,channel,direction,occurredAt,subject
            X1,,email,inbound,2026-05-01T10:00:00Z,Hello
            ,ann@example.com,phone,outbound,2026-05-02T10:00:00Z,Call back
            X2,,email,inbound,2026-05-03T10:00:00Z,Unknown customer
            X1,,Bad Channel!,inbound,2026-05-04T10:00:00Z,Bad
            X1,,chat,sideways,2026-05-05T10:00:00Z,Bad direction
            """));
        var purchases = await crm.Csv.ImportAsync(ImportKind.Purchases, new StringReader("""
            customerEmail,orderNumber,purchasedAt,currency,sku,productName,quantity,unitPrice
            ann@example.com,O-1,2026-05-01,EUR,SKU1,Widget,2,9.50
            ann@example.com,O-2,2026-05-02,EURO,SKU2,Gadget,1,5
            ann@example.com,O-3,2026-05-03,EUR,SKU3,Gizmo,0,5
            ann@example.com,O-4,yesterday,EUR,SKU4,Thing,1,5
            """));

        Assert.Equal((2L, 3L), (interactions.Inserted, interactions.Rejected));
        Assert.Equal([(4L, "customerExternalId", "customerNotFound"), (5L, "channel", "pattern"), (6L, "direction", "enum")], interactions.Errors.Select(e => (e.Row, e.Column, e.Rule)));
        Assert.Equal(2, (await crm.Interactions.GetTimelineAsync(ann.Id)).Items.Count);

        Assert.Equal((1L, 3L), (purchases.Inserted, purchases.Rejected));
        Assert.Equal([(3L, "currency", "currency"), (4L, "quantity", "range"), (5L, "purchasedAt", "dateTime")], purchases.Errors.Select(e => (e.Row, e.Column, e.Rule)));
        Assert.Equal(19m, Assert.Single((await crm.Purchases.ListAsync(ann.Id)).Items).Total);
    }

    [Fact]
    public async Task ExportCustomersAsync_RoundTrip_ImportsIntoAnotherTenantUnchanged()
    {
        await using var engine = await TestEngine.CreateAsync();
        var source = engine.Tenant();
        await source.CustomFields.DefineAsync(new CustomFieldDefinition("seats", CustomFieldType.Number));
        for (var i = 0; i < 25; i++)
        {
            await source.Customers.CreateAsync(new Customer
            {
                ExternalId = "E" + i,
                FirstName = "Name, \"quoted\" " + i,
                LastName = "Last" + i,
                Emails = [$"p{i}@example.com", $"alt{i}@example.com"],
                Phones = ["+4930123456" + (i % 10)],
                Tags = ["a", "b" + i],
                Demographics = new Demographics { BirthDate = new DateOnly(1980, 1, 1).AddDays(i), Country = "DE", City = "Köln" },
                LifecycleStage = LifecycleStage.Opportunity,
                Attributes = new Dictionary<string, AttributeValue> { ["seats"] = (decimal)i, ["note"] = "free text", ["vip"] = true },
            });
        }

        var csv = new StringWriter();
        var written = await source.Csv.ExportCustomersAsync(csv);

        var target = engine.Tenant();
        await target.CustomFields.DefineAsync(new CustomFieldDefinition("seats", CustomFieldType.Number));
        var result = await target.Csv.ImportAsync(ImportKind.Customers, new StringReader(csv.ToString()));

        Assert.Equal(25, written);
        Assert.Equal((25L, 0L), (result.Inserted, result.Rejected));
        var before = (await source.Customers.SearchAsync((Conditions.Condition?)null, new Storage.PageRequest(100))).Items;
        foreach (var original in before)
        {
            var copy = await target.Customers.GetAsync(original.Id);
            Assert.NotNull(copy);
            Assert.Equal(
                original with { TenantId = "", CreatedAt = default, UpdatedAt = default, Version = 0, Attributes = null!, Emails = null!, Phones = null!, Tags = null! },
                copy with { TenantId = "", CreatedAt = default, UpdatedAt = default, Version = 0, Attributes = null!, Emails = null!, Phones = null!, Tags = null! });
            Assert.Equal(original.Emails, copy.Emails);
            Assert.Equal(original.Phones, copy.Phones);
            Assert.Equal(original.Tags, copy.Tags);
            Assert.Equal(original.Attributes.OrderBy(a => a.Key), copy.Attributes.OrderBy(a => a.Key));
        }
    }

    [Fact]
    public void ColumnMap_Parse_ReadsMappingFile()
    {
        var map = CsvColumnMap.Parse("""{"firstName":"Given name","attributes.plan":"Plan"}""");

        Assert.Equal("Given name", map["firstName"]);
        Assert.Throws<CrmValidationException>(() => CsvColumnMap.Parse("""{"firstName": 3}"""));
    }
}
