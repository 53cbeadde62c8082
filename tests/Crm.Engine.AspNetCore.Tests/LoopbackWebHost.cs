using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>
/// Kestrel on a free loopback port with the test authentication scheme, the CRM API and the engine on a SQLite file in
/// its own temporary folder, removed on disposal. Fixtures say only what they add: engine plugins, services, endpoints.
/// </summary>
public sealed class LoopbackWebHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly WebApplication _app;

    private LoopbackWebHost(string directory, WebApplication app)
    {
        _directory = directory;
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
    }

    /// <summary>Gets the address the host listens on.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the host's services (the engine, to arrange data the API has no endpoint for).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host; <paramref name="configureEngine"/> adds to the engine already on SQLite.</summary>
    public static async Task<LoopbackWebHost> StartAsync(
        Action<ICrmEngineBuilder>? configureEngine = null,
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? mapMore = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-aspnet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var engine = builder.Services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"));
        configureEngine?.Invoke(engine);
        builder.Services.AddCrmAspNetCore();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCrmApi();
        mapMore?.Invoke(app);
        await app.StartAsync();
        return new LoopbackWebHost(directory, app);
    }

    /// <summary>A client calling as <c>tenant/user[/roles]</c>, or anonymously when <paramref name="caller"/> is null.</summary>
    public HttpClient CreateClient(string? caller)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (caller is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, caller);
        }

        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; the test result is what matters.
        }
    }
}
