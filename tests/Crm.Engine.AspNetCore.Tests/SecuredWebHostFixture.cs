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
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-secured-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the engine, to arrange data the API has no endpoint for (purchases).</summary>
    public ICrmEngine Engine => _app!.Services.GetRequiredService<ICrmEngine>();

    /// <summary>A client for <c>tenant/user/roles</c>.</summary>
    public HttpClient CreateClient(string caller)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, caller);
        return client;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = Path.Combine(_directory, "crm.db"))
            .ConfigureSecurity()
            .AddLoyaltyPoints(o =>
            {
                o.ProgramName = "Test points";
                o.Currency = "EUR";
                o.Tiers.Add(new LoyaltyTier { Name = "Silver", Threshold = 100 });
                o.Tiers.Add(new LoyaltyTier { Name = "Gold", Threshold = 1000 });
            });
        builder.Services.AddCrmAspNetCore();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapCrmApi();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}

/// <summary>One secured host with a loyalty program for the loyalty and report tests; each test works in its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredWebHost : ICollectionFixture<SecuredWebHostFixture>
{
    public const string Name = "secured web host";
}
