using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// What every storage kit shares: the fixture, the schema brought up to date before each test, tenants no other test
/// uses, and sessions of the provider under test.
/// </summary>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract class StorageConformanceTests<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IStorageProviderFixture
{
    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected StorageConformanceTests(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
    }

    /// <summary>Gets the fixture.</summary>
    protected TFixture Fixture { get; }

    /// <summary>Gets the provider under test.</summary>
    protected IStorageProvider Provider => Fixture.Provider;

    /// <summary>Gets the prefix of the kit's tenant ids, so a database shared by several kits shows whose rows are whose.</summary>
    protected abstract string TenantPrefix { get; }

    /// <summary>Initializes the provider's schema before each test.</summary>
    /// <returns>A task that completes when the schema is current.</returns>
    public virtual Task InitializeAsync() => Provider.InitializeAsync(CancellationToken.None);

    /// <summary>Does nothing: the fixture owns the database.</summary>
    /// <returns>A completed task.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates a tenant identifier no other test uses.</summary>
    /// <param name="test">The calling test's name.</param>
    /// <returns>The tenant identifier.</returns>
    protected virtual string NewTenantId([CallerMemberName] string test = "") =>
        TenantPrefix + "-" + test[..Math.Min(test.Length, 24)] + "-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];

    /// <summary>Opens a session of the provider under test.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The session.</returns>
    protected async Task<IStorageSession> OpenAsync(string tenantId) =>
        await Provider.OpenSessionAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
}
