using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Cli.Customers;

/// <summary>An engine on one SQLite file, without workflows or plugins, acting for one tenant as the system caller.</summary>
internal sealed class CustomerDataEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CustomerDataEngine(ServiceProvider services, ICrmContext crm)
    {
        _services = services;
        Crm = crm;
    }

    public ICrmContext Crm { get; }

    /// <summary>Opens (and migrates) the database; a file that is not a usable database fails with <see cref="CliInputException"/>.</summary>
    public static async Task<CustomerDataEngine> OpenAsync(FileInfo database, string tenant, string? phoneRegion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw new CliInputException("--tenant: the tenant must not be empty.");
        }

        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine(o => o.DefaultPhoneRegion = phoneRegion).UseSqliteStorage(o => o.DataSource = database.FullName);
        var provider = services.BuildServiceProvider();
        try
        {
            var engine = provider.GetRequiredService<ICrmEngine>();
            await engine.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return new CustomerDataEngine(provider, engine.ForCaller(CrmCaller.System(tenant)));
        }
        catch (Exception e) when (e is SqliteException or OptionsValidationException or CrmException or IOException or UnauthorizedAccessException)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
            throw new CliInputException($"{database}: error: cannot open the database: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        // Release the file at once (pooled connections would keep it open until the process ends).
        SqliteConnection.ClearAllPools();
    }
}
