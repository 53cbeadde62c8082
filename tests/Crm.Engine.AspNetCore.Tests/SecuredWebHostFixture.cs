using Crm.Engine.Loyalty;
using Crm.Engine.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>
/// A web host with permissions enforced (roles from the caller header) and the points loyalty program (Silver from 100
/// qualifying points, Gold from 1,000; purchases earn 1 point per EUR), on a temporary SQLite file.
/// </summary>
public sealed class SecuredWebHostFixture : IAsyncLifetime
{
    private LoopbackWebHost? _host;

    public Uri BaseAddress => _host!.BaseAddress;

    /// <summary>Gets the engine, to arrange data the API has no endpoint for (purchases).</summary>
    public ICrmEngine Engine => _host!.Services.GetRequiredService<ICrmEngine>();

    /// <summary>A client for <c>tenant/user/roles</c>.</summary>
    public HttpClient CreateClient(string caller) => _host!.CreateClient(caller);

    public async Task InitializeAsync() =>
        _host = await LoopbackWebHost.StartAsync(engine => engine
            .ConfigureSecurity()
            .AddLoyaltyPoints(o =>
            {
                o.ProgramName = "Test points";
                o.Currency = "EUR";
                o.Tiers.Add(new LoyaltyTier { Name = "Silver", Threshold = 100 });
                o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 1000 });
            }));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>One secured host with a loyalty program for the loyalty and report tests; each test works in its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredWebHost : ICollectionFixture<SecuredWebHostFixture>
{
    public const string Name = "secured web host";
}
