using Crm.Engine.Security;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Storage.Postgres.Tests.Security;

/// <summary>The engine's audit log on PostgreSQL end to end: writes are audited with their changes, in the unit of work, and an erasure empties them.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresAuditEngineTests : IAsyncLifetime
{
    private const string Tenant = "acme";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Start);
    private ServiceProvider _services = null!;
    private ICrmEngine _engine = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddCrmEngine().UsePostgresStorage(o => o.ConnectionString = connectionString);
        _services = services.BuildServiceProvider();
        _engine = _services.GetRequiredService<ICrmEngine>();
        await _engine.InitializeAsync();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Writes_are_audited_in_their_unit_of_work_and_an_erasure_empties_the_values()
    {
        var crm = _engine.ForCaller(CrmCaller.System(Tenant));
        var ada = await crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Byron", Emails = ["ada.byron@example.com"] });
        _time.Advance(TimeSpan.FromMinutes(5));
        await crm.Customers.UpdateAsync((await crm.Customers.GetAsync(ada.Id))! with { FirstName = "Augusta" });
        var undone = Guid.Empty;
        await Assert.ThrowsAsync<InvalidOperationException>(() => crm.TransactAsync(async ct =>
        {
            undone = (await crm.Customers.CreateAsync(new Customer { FirstName = "Undone", LastName = "Byron" }, ct)).Id;
            throw new InvalidOperationException("boom");
        }));

        var log = await crm.Audit.ForRecordAsync("Customer", ada.Id.ToString());
        Assert.Equal(["CustomerUpdated", "CustomerCreated"], log.Items.Select(r => r.Action));
        Assert.Equal(Start.AddMinutes(5), log.Items[0].OccurredAt);
        var firstName = Assert.Single(log.Items[0].Changes, c => c.Field == "firstName");
        Assert.Equal(("Ada", "Augusta"), (firstName.Before, firstName.After));
        Assert.NotEqual(Guid.Empty, undone);
        Assert.Empty((await crm.Audit.ForRecordAsync("Customer", undone.ToString())).Items);

        await _engine.ForCaller(new CrmCaller(Tenant, "dpo") { Roles = new HashSet<string>(StringComparer.Ordinal) { CrmBuiltInRoles.Admin } }).Privacy.EraseAsync(ada.Id, "art. 17");

        var after = await crm.Audit.ForRecordAsync("Customer", ada.Id.ToString());
        Assert.Equal(["CustomerErased", "CustomerUpdated", "CustomerCreated"], after.Items.Select(r => r.Action));
        Assert.All(after.Items, r => Assert.Empty(r.Changes));
        Assert.Equal("dpo", after.Items[0].Actor);
    }
}
