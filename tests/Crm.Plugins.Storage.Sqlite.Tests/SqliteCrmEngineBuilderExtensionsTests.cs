using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Storage.Sqlite.Tests;

public sealed class SqliteCrmEngineBuilderExtensionsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task UseSqliteStorage_ReplacesEarlierProvider_AndWorks()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IStorageProvider, UnusedProvider>();
        new EngineBuilder(services).UseSqliteStorage(o => o.DataSource = _database.Path);
        await using var container = services.BuildServiceProvider(validateScopes: true);

        var provider = Assert.Single(container.GetServices<IStorageProvider>());
        Assert.IsType<SqliteStorageProvider>(provider);
        Assert.Equal("sqlite", provider.Name);
        await provider.InitializeAsync(CancellationToken.None);
        await using var session = await provider.OpenSessionAsync("t", CancellationToken.None);
        Assert.Equal(0, await session.Customers.CountAsync(new StorageQuery(), CancellationToken.None));
    }

    [Fact]
    public void UseSqliteStorage_CalledTwice_KeepsOneProviderWithTheLastSettings()
    {
        var services = new ServiceCollection();
        var builder = new EngineBuilder(services);
        builder.UseSqliteStorage(o => o.DataSource = "first.db").UseSqliteStorage(o => o.DataSource = _database.Path);
        using var container = services.BuildServiceProvider();

        var provider = (SqliteStorageProvider)Assert.Single(container.GetServices<IStorageProvider>());
        Assert.Contains(_database.Path, provider.ConnectionString, StringComparison.Ordinal);
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SqliteStorageOptions>));
    }

    [Theory]
    [InlineData(null, null, 5, "DataSource is not set")]
    [InlineData("a.db", "Data Source=b.db", 5, "both set")]
    [InlineData(":memory:", null, 5, "in-memory")]
    [InlineData(null, "Data Source=x;Mode=Memory", 5, "in-memory")]
    [InlineData(null, "Data Source=x.db;Mode=ReadOnly", 5, "read-only")]
    [InlineData(null, "Nonsense Key=1", 5, "ConnectionString is not a valid")]
    [InlineData("a.db", null, -1, "BusyTimeout")]
    [InlineData("a.db", null, 601, "BusyTimeout")]
    [InlineData("a.db", null, 5, "PageCacheMegabytes", 0)]
    [InlineData("a.db", null, 5, "PageCacheMegabytes", 4097)]
    public void UseSqliteStorage_BadOption_FailsAtStartNamingIt(string? dataSource, string? connectionString, int busySeconds, string expected, int cacheMegabytes = 32)
    {
        var services = new ServiceCollection();
        new EngineBuilder(services).UseSqliteStorage(o =>
        {
            o.DataSource = dataSource;
            o.ConnectionString = connectionString;
            o.BusyTimeout = TimeSpan.FromSeconds(busySeconds);
            o.PageCacheMegabytes = cacheMegabytes;
        });
        using var container = services.BuildServiceProvider();

        // ValidateOnStart registers a startup validator that the host runs before anything resolves the provider.
        var atStart = Assert.Throws<OptionsValidationException>(() => container.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(expected, atStart.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteStorageOptions), atStart.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => container.GetRequiredService<IStorageProvider>());
    }

    [Fact]
    public void Validator_ListsEveryProblemAtOnce()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new SqliteStorageProvider(new SqliteStorageOptions { BusyTimeout = TimeSpan.FromDays(1) }));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("DataSource", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void UseSqliteStorage_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SqliteCrmEngineBuilderExtensions.UseSqliteStorage(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => new EngineBuilder(new ServiceCollection()).UseSqliteStorage(null!));
    }

    private sealed class EngineBuilder(IServiceCollection services) : ICrmEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class UnusedProvider : IStorageProvider
    {
        public string Name => "unused";

        public Task InitializeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IStorageSession> OpenSessionAsync(string tenantId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
