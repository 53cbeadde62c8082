using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Conditions;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Tests.Security;

/// <summary>
/// An admin of tenant "beta" aims every service's read and write methods at tenant "alpha"'s records (by id, email,
/// segment name, job key): reads find nothing, writes fail or land in beta, and alpha's data is unchanged afterwards.
/// </summary>
public sealed class CrossTenantMatrixTests(CrossTenantMatrixTests.Fixture fixture) : IClassFixture<CrossTenantMatrixTests.Fixture>
{
    public static TheoryData<string> Reads => [.. ReadOperations.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> Writes => [.. WriteOperations.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Each read returns what it found in the other tenant, which must be nothing (null, empty, 0, false).</summary>
    private static readonly Dictionary<string, Func<ICrmContext, Seed, Task<object?>>> ReadOperations = new(StringComparer.Ordinal)
    {
        ["customers.get"] = async (c, s) => await c.Customers.GetAsync(s.Customer.Id),
        ["customers.findByEmail"] = async (c, s) => await c.Customers.FindByEmailAsync(s.Customer.PrimaryEmail!),
        ["customers.search"] = async (c, s) => (await c.Customers.SearchAsync((Condition?)null)).Items,
        ["customers.count"] = async (c, s) => await c.Customers.CountAsync(null),
        ["interactions.timeline"] = async (c, s) => (await c.Interactions.GetTimelineAsync(s.Customer.Id)).Items,
        ["purchases.list"] = async (c, s) => (await c.Purchases.ListAsync(s.Customer.Id)).Items,
        ["customFields.list"] = async (c, s) => await c.CustomFields.ListAsync(),
        ["duplicates.find"] = async (c, s) => await c.Duplicates.FindDuplicatesAsync(),
        ["duplicates.history"] = async (c, s) => await c.Duplicates.GetMergeHistoryAsync(s.Customer.Id),
        ["segments.get"] = async (c, s) => await c.Segments.GetAsync(Seed.SegmentName),
        ["segments.list"] = async (c, s) => await c.Segments.ListAsync(),
        ["segments.countCondition"] = async (c, s) => await c.Segments.CountAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds"))),
        ["segments.membersCondition"] = async (c, s) => (await c.Segments.GetMembersAsync(Condition.Compare("city", ComparisonOperator.Eq, new StringValue("Leeds")))).Items,
        ["segments.membersByName"] = async (c, s) => await NotFoundAsNull(() => c.Segments.GetMembersAsync(Seed.SegmentName)),
        ["segments.rfm"] = async (c, s) => await c.Segments.GetRfmAsync(s.Customer.Id),
        ["privacy.consentHistory"] = async (c, s) => await c.Privacy.GetConsentHistoryAsync(s.Customer.Id),
        ["privacy.hasConsent"] = async (c, s) => await c.Privacy.HasConsentAsync(s.Customer.Id, InteractionChannels.Email, "marketing") ? true : null,
        ["privacy.export"] = async (c, s) => await NotFoundAsNull(async () => { await c.Privacy.ExportAsync(s.Customer.Id, Stream.Null); return "exported"; }),
        ["privacy.erasureLog"] = async (c, s) => await c.Privacy.GetErasureLogAsync(),
        ["csv.export"] = async (c, s) => await c.Csv.ExportCustomersAsync(TextWriter.Null),
        ["messages.get"] = async (c, s) => await c.Messages.GetAsync(s.Message.Id),
        ["messages.list"] = async (c, s) => (await c.Messages.ListAsync(new OutboxQuery())).Items,
        ["messages.attempts"] = async (c, s) => await c.Messages.GetAttemptsAsync(s.Message.Id),
        ["scheduler.find"] = async (c, s) => await c.Scheduler.FindAsync(Seed.JobKey),
        ["scheduler.list"] = async (c, s) => (await c.Scheduler.ListAsync(new ScheduledJobQuery())).Items,
        ["templates.find"] = (c, s) => Task.FromResult<object?>(null), // templates are engine-wide configuration, not tenant data
    };

    /// <summary>Each write aims at alpha's records; it may fail with a CRM error or touch beta, never alpha.</summary>
    private static readonly Dictionary<string, Func<ICrmContext, Seed, Task>> WriteOperations = new(StringComparer.Ordinal)
    {
        ["customers.updateNamingOtherTenant"] = (c, s) => c.Customers.UpdateAsync(s.Customer with { FirstName = "Mallory" }),
        ["customers.updateById"] = (c, s) => c.Customers.UpdateAsync(s.Customer with { TenantId = "", FirstName = "Mallory" }),
        ["customers.createNamingOtherTenant"] = (c, s) => c.Customers.CreateAsync(new Customer { TenantId = s.Customer.TenantId, FirstName = "Mallory", Emails = ["m@example.com"] }),
        ["customers.delete"] = (c, s) => c.Customers.DeleteAsync(s.Customer.Id, s.Customer.Version),
        ["customers.import"] = (c, s) => c.Customers.ImportAsync([s.Customer with { FirstName = "Mallory" }]),
        ["interactions.record"] = (c, s) => c.Interactions.RecordAsync(new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "x" }),
        ["interactions.import"] = (c, s) => c.Interactions.ImportAsync([new Interaction { CustomerId = s.Customer.Id, Channel = "email", OccurredAt = TestEngine.Start }]),
        ["purchases.record"] = (c, s) => c.Purchases.RecordAsync(new Purchase { CustomerId = s.Customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 1m)] }),
        ["purchases.import"] = (c, s) => c.Purchases.ImportAsync([new Purchase { CustomerId = s.Customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 1m)] }]),
        ["customFields.remove"] = (c, s) => c.CustomFields.RemoveAsync(Seed.FieldKey),
        ["duplicates.merge"] = async (c, s) => await c.Duplicates.MergeAsync(s.Customer.Id, s.Other.Id),
        ["segments.delete"] = (c, s) => c.Segments.DeleteAsync(Seed.SegmentName),
        ["segments.computeRfm"] = (c, s) => c.Segments.ComputeRfmAsync(),
        ["privacy.recordConsent"] = (c, s) => c.Privacy.RecordConsentAsync(s.Customer.Id, InteractionChannels.Email, "marketing", ConsentStatus.Withdrawn, "test"),
        ["privacy.erase"] = (c, s) => c.Privacy.EraseAsync(s.Customer.Id, "request"),
        ["csv.importCustomers"] = (c, s) => c.Csv.ImportAsync(ImportKind.Customers, new StringReader($"email,firstName\n{s.Customer.PrimaryEmail},Mallory\n")),
        ["csv.importInteractions"] = (c, s) => c.Csv.ImportAsync(ImportKind.Interactions, new StringReader($"customerEmail,channel,occurredAt\n{s.Customer.PrimaryEmail},email,2026-01-01T00:00:00Z\n")),
        ["messages.enqueue"] = (c, s) => c.Messages.EnqueueAsync(SecureHost.Message(s.Customer.Id)),
        ["messages.cancel"] = (c, s) => c.Messages.CancelAsync(s.Message.Id),
        ["messages.requeue"] = (c, s) => c.Messages.RequeueAsync(s.Message.Id),
        ["scheduler.cancel"] = (c, s) => c.Scheduler.CancelAsync(Seed.JobKey),
        ["reminders.scheduleSameKey"] = (c, s) => c.Reminders.ScheduleAsync(SecureHost.Reminder(s.Customer.Id, Seed.JobKey) with { DueAt = TestEngine.Start.AddDays(1) }),
        ["reminders.cancel"] = (c, s) => c.Reminders.CancelAsync(Seed.JobKey),
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_read_aimed_at_another_tenant_finds_nothing(string operation)
    {
        var found = await ReadOperations[operation](fixture.Beta, fixture.Seed);

        switch (found)
        {
            case null:
                break;
            case System.Collections.IEnumerable items:
                Assert.Empty(items);
                break;
            case long count:
                Assert.Equal(0, count);
                break;
            default:
                Assert.Fail($"{operation} returned {found}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_aimed_at_another_tenant_leaves_its_data_unchanged(string operation)
    {
        var before = await fixture.SnapshotAsync();
        try
        {
            await WriteOperations[operation](fixture.Beta, fixture.Seed);
        }
        catch (CrmException)
        {
            // Refusing is one correct outcome; the assertion below is what matters.
        }

        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Fact]
    public void Every_read_and_write_of_every_service_interface_is_in_the_matrix()
    {
        // Guards the matrix against new service methods: the count is the number of public methods the matrix covers.
        Assert.Equal(26, ReadOperations.Count);
        Assert.Equal(23, WriteOperations.Count);
    }

    /// <summary>Alpha's records, seeded once by alpha's system caller.</summary>
    public sealed record Seed(Customer Customer, Customer Other, OutboxMessage Message)
    {
        public const string SegmentName = "leeds";
        public const string JobKey = "alpha-job";
        public const string FieldKey = "tier";
    }

    /// <summary>Two tenants on one engine; beta's caller is an admin, so only tenancy stands between it and alpha.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private SecureHost? _host;

        internal SecureHost Host => _host!;

        public ICrmContext Alpha => Host.System("alpha");

        public ICrmContext Beta => Host.As("beta", "mallory", CrmBuiltInRoles.Admin);

        public Seed Seed { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _host = await SecureHost.CreateAsync();
            var alpha = Alpha;
            await alpha.CustomFields.DefineAsync(new CustomFieldDefinition(Seed.FieldKey, CustomFieldType.String));
            var customer = await alpha.Customers.CreateAsync(SecureHost.SensitiveCustomer("Ada"));
            var other = await alpha.Customers.CreateAsync(SecureHost.SensitiveCustomer("Grace"));
            await alpha.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "hi" });
            await alpha.Purchases.RecordAsync(new Purchase { CustomerId = customer.Id, Currency = "EUR", PurchasedAt = TestEngine.Start, Lines = [new("A", "Alpha", 1, 10m)] });
            await alpha.Privacy.RecordConsentAsync(customer.Id, InteractionChannels.Email, "marketing", ConsentStatus.Granted, "form");
            await alpha.Segments.SaveAsync(new SegmentDefinition(Seed.SegmentName, """{ "field": "city", "op": "eq", "value": "Leeds" }"""));
            await alpha.Segments.ComputeRfmAsync();
            await alpha.Reminders.ScheduleAsync(SecureHost.Reminder(customer.Id, Seed.JobKey));
            var message = await alpha.Messages.EnqueueAsync(SecureHost.Message(customer.Id) with { NotBefore = TestEngine.Start.AddDays(10) });
            Seed = new Seed(customer, other, message);
        }

        /// <summary>Everything of alpha's the writes could touch, as one comparable string.</summary>
        public async Task<string> SnapshotAsync()
        {
            var alpha = Alpha;
            var text = new StringBuilder();
            await alpha.Csv.ExportCustomersAsync(new StringWriter(text));
            var timeline = await alpha.Interactions.GetTimelineAsync(Seed.Customer.Id);
            var purchases = await alpha.Purchases.ListAsync(Seed.Customer.Id);
            var consent = await alpha.Privacy.GetConsentHistoryAsync(Seed.Customer.Id);
            var message = await alpha.Messages.GetAsync(Seed.Message.Id);
            var job = await alpha.Scheduler.FindAsync(Seed.JobKey);
            var segments = await alpha.Segments.ListAsync();
            var fields = await alpha.CustomFields.ListAsync();
            var erasures = await alpha.Privacy.GetErasureLogAsync();
            var merges = await alpha.Duplicates.GetMergeHistoryAsync(Seed.Customer.Id);
            var versions = string.Join(",", (await alpha.Customers.SearchAsync((Condition?)null)).Items.Select(c => $"{c.Id}:{c.Version}"));
            return string.Join("|", text, versions, timeline.Items.Count, purchases.Items.Count, consent.Count, message?.Status, message?.UpdatedAt,
                job?.Status, job?.DueAt, segments.Count, fields.Count, erasures.Count, merges.Count);
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private static async Task<object?> NotFoundAsNull<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (CrmNotFoundException)
        {
            return null;
        }
        catch (CrmValidationException e) when (e.Message.Contains("no segment is named", StringComparison.Ordinal))
        {
            return null;
        }
    }
}
