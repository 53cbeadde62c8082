using Crm.Engine.Analytics;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Engine.Tests.Analytics;

/// <summary>
/// A provider whose sessions have no sales or campaign stores (the interfaces' defaults throw NotSupportedException):
/// the report still builds and names the two sections it left out and why.
/// </summary>
public sealed class WithoutSalesAndCampaignsTests
{
    [Fact]
    public async Task Report_OmitsDealFunnelAndCampaigns_WithTheProvidersReason()
    {
        await using var engine = await TestEngine.CreateAsync(b =>
        {
            var sqlite = b.Services.Single(d => d.ServiceType == typeof(IStorageProvider));
            b.Services.RemoveAll<IStorageProvider>();
            b.Services.AddSingleton<IStorageProvider>(sp => new CoreOnlyProvider((IStorageProvider)sqlite.ImplementationFactory!(sp)));
        });

        var report = await engine.Tenant().Analytics.BuildReportAsync(AnalyticsFixture.Quarter);

        Assert.Null(report.DealFunnel);
        Assert.Null(report.Campaigns);
        Assert.Contains("ISalesStore", report.Omitted["dealFunnel"], StringComparison.Ordinal);
        Assert.Contains("ICampaignStore", report.Omitted["campaigns"], StringComparison.Ordinal);
        Assert.DoesNotContain(report.Tiles, t => t.Definition.Key == "deals.conversion");
        Assert.NotNull(report.Revenue);
    }

    private sealed class CoreOnlyProvider(IStorageProvider inner) : IStorageProvider
    {
        public string Name => inner.Name;

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public async ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken) =>
            new CoreOnlySession(await inner.OpenSessionAsync(tenantId, cancellationToken));
    }

    /// <summary>Forwards the stores the core report needs; Sales and Campaigns keep the interface defaults.</summary>
    private sealed class CoreOnlySession(IStorageSession inner) : IStorageSession
    {
        public string TenantId => inner.TenantId;

        public ICustomerRepository Customers => inner.Customers;

        public IInteractionRepository Interactions => inner.Interactions;

        public IPurchaseRepository Purchases => inner.Purchases;

        public IWorkflowRepository Workflows => inner.Workflows;

        public IAnalyticsStore Analytics => inner.Analytics;

        public Engine.Feedback.IFeedbackStore Feedback => inner.Feedback;

        public Engine.Support.ISupportStore Support => inner.Support;

        public bool InTransaction => inner.InTransaction;

        public Task<IStorageTransaction> BeginTransactionAsync(CancellationToken cancellationToken) => inner.BeginTransactionAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
