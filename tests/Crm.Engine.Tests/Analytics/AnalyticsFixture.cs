using Crm.Engine.Analytics;
using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Analytics;

/// <summary>One engine with <see cref="AnalyticsDataSet"/> seeded into a tenant, shared by the tests of a class.</summary>
public sealed class AnalyticsFixture : IAsyncLifetime
{
    private TestEngine _engine = null!;

    public ICrmContext Crm { get; private set; } = null!;

    public ICrmContext EmptyTenant { get; private set; } = null!;

    public static AnalyticsQuery Quarter => new(new ReportPeriod(AnalyticsDataSet.From, AnalyticsDataSet.To), "EUR")
    {
        ChurnWindow = AnalyticsDataSet.ChurnWindow,
    };

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.CreateAsync();
        var tenant = "analytics-" + Guid.NewGuid().ToString("N")[..8];
        var session = await _engine.Provider.GetRequiredService<IStorageProvider>().OpenSessionAsync(tenant, CancellationToken.None);
        await using (session)
        {
            var ids = await AnalyticsDataSet.SeedAsync(session);
            await AnalyticsAreaData.SeedAsync(session, ids["A"]);
        }

        Crm = _engine.Engine.ForTenant(tenant);
        EmptyTenant = _engine.Tenant();
        await Crm.Segments.SaveAsync(new SegmentDefinition("buyers", """{"field":"lifecycleStage","op":"eq","value":"Customer"}"""));
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();
}
