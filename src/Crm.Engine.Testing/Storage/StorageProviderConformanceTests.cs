using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Checks that a storage provider meets the <see cref="IStorageProvider"/> contract: CRUD, optimistic concurrency,
/// tenant isolation, keyset paging, every condition operator (against <see cref="Conditions.ConditionEvaluator"/>),
/// bulk inserts, transactions, and harmless handling of SQL-looking input.
/// </summary>
/// <remarks>
/// Enroll a provider with one line in a test project:
/// <code>public sealed class SqliteConformance(SqliteFixture fixture) : StorageProviderConformanceTests&lt;SqliteFixture&gt;(fixture);</code>
/// Every test is virtual, so a provider can override one to skip or extend it (and say why). Each test that writes
/// uses a fresh tenant, so tests can share one database; the condition tests share one read-only tenant per provider.
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the provider.</typeparam>
public abstract partial class StorageProviderConformanceTests<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IStorageProviderFixture
{
    private static readonly ConditionalWeakTable<IStorageProvider, Task<ConditionDataSet>> DataSets = [];

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected StorageProviderConformanceTests(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
    }

    /// <summary>Gets the fixture.</summary>
    protected TFixture Fixture { get; }

    /// <summary>Gets the provider under test.</summary>
    protected IStorageProvider Provider => Fixture.Provider;

    /// <summary>Initializes the provider's schema before each test; providers must allow this to run repeatedly.</summary>
    /// <returns>A task that completes when the schema is current.</returns>
    public virtual Task InitializeAsync() => Provider.InitializeAsync(CancellationToken.None);

    /// <summary>Does nothing: the fixture owns the database.</summary>
    /// <returns>A completed task.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates a tenant identifier no other test uses.</summary>
    /// <returns>The tenant identifier.</returns>
    protected virtual string NewTenantId([CallerMemberName] string test = "") =>
        test + "-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];

    /// <summary>Opens a session of the provider under test.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The session.</returns>
    protected async Task<IStorageSession> OpenAsync(string tenantId) =>
        await Provider.OpenSessionAsync(tenantId, CancellationToken.None).ConfigureAwait(false);

    /// <summary>Reads every page of a query and checks that no record repeats.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="repository">The repository.</param>
    /// <param name="query">The query; its page size is kept and the continuation token is replaced.</param>
    /// <returns>The records of all pages in order.</returns>
    protected static async Task<List<T>> ReadAllPagesAsync<T>(IRepository<T> repository, StorageQuery query)
        where T : class, ICrmEntity
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(query);
        var all = new List<T>();
        string? token = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 10_000, "The provider keeps returning continuation tokens.");
            var page = await repository.QueryAsync(query with { Page = new PageRequest(query.Page.Size, token) }, CancellationToken.None).ConfigureAwait(false);
            Assert.True(page.Items.Count <= query.Page.Size, $"A page holds {page.Items.Count} records, more than the size {query.Page.Size}.");
            all.AddRange(page.Items);
            token = page.ContinuationToken;
            if (token is null)
            {
                break;
            }

            Assert.NotEmpty(page.Items);
        }

        Assert.Equal(all.Count, all.Select(r => r.Id).Distinct().Count());
        return all;
    }

    /// <summary>Gets the shared read-only records of the condition tests, storing them on first use.</summary>
    private protected Task<ConditionDataSet> ConditionDataAsync() =>
        DataSets.GetValue(Provider, static provider => SeedAsync(provider));

    private static async Task<ConditionDataSet> SeedAsync(IStorageProvider provider)
    {
        await provider.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        var data = ConditionDataSet.Create("conditions-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12]);
        await data.SeedAsync(provider).ConfigureAwait(false);
        return data;
    }
}
