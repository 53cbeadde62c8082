using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Storage.Postgres.Tests;

[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresCrmEngineBuilderExtensionsTests
{
    private const string Secret = "hunter2-Sup3rSecret";

    [Fact]
    public async Task UsePostgresStorage_ReplacesEarlierProvider_AndWorks()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IStorageProvider, UnusedProvider>();
        new EngineBuilder(services).UsePostgresStorage(o => o.ConnectionString = connectionString)
            .UsePostgresStorage(o => o.ConnectionString = connectionString);
        await using var container = services.BuildServiceProvider(validateScopes: true);

        var provider = Assert.Single(container.GetServices<IStorageProvider>());
        Assert.IsType<PostgresStorageProvider>(provider);
        Assert.Equal("postgres", provider.Name);
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PostgresStorageOptions>));
        await provider.InitializeAsync(CancellationToken.None);
        await using var session = await provider.OpenSessionAsync("t", CancellationToken.None);
        Assert.Equal(0, await session.Customers.CountAsync(new StorageQuery(), CancellationToken.None));
    }

    [Fact]
    public void Validation_EveryBadOption_IsNamed()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new PostgresStorageProvider(new PostgresStorageOptions
        {
            CommandTimeout = TimeSpan.Zero,
            ApplicationName = " ",
        }));
        Assert.Contains(error.Failures, f => f.Contains("PostgresStorageOptions.ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PostgresStorageOptions.CommandTimeout", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PostgresStorageOptions.ApplicationName", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=db;Password=" + Secret + ";Bogus Keyword=1")]
    [InlineData("Password=" + Secret + ";Database=crm")]
    [InlineData("Host=db;Port=notanumber;Password=" + Secret)]
    public void Validation_BadConnectionString_NeverShowsThePassword(string connectionString)
    {
        var services = new ServiceCollection();
        new EngineBuilder(services).UsePostgresStorage(o => o.ConnectionString = connectionString);
        using var container = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => container.GetRequiredService<IStorageProvider>());
        Assert.Contains("PostgresStorageOptions.ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_LogsAndExposesTheConnectionStringMasked()
    {
        var logger = new RecordingLogger();
        var provider = new PostgresStorageProvider(
            new PostgresStorageOptions { ConnectionString = $"Host=db.example;Database=crm;Username=crm;Password={Secret};SSL Password={Secret}" },
            logger: logger);
        provider.Dispose();

        Assert.DoesNotContain(Secret, provider.MaskedConnectionString, StringComparison.Ordinal);
        Assert.Contains("Password=***", provider.MaskedConnectionString, StringComparison.Ordinal);
        Assert.Contains("db.example", provider.MaskedConnectionString, StringComparison.Ordinal);
        Assert.NotEmpty(logger.Messages);
        Assert.All(logger.Messages, m => Assert.DoesNotContain(Secret, m, StringComparison.Ordinal));
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
