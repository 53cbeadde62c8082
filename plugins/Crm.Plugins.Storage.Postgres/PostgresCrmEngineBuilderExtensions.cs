using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the PostgreSQL storage provider on a <see cref="ICrmEngineBuilder"/>.
/// </summary>
public static class PostgresCrmEngineBuilderExtensions
{
    /// <summary>
    /// Uses PostgreSQL as the engine's storage: registers <see cref="PostgresStorageProvider"/> as the only
    /// <see cref="IStorageProvider"/>, replacing any provider registered before.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the connection string and other <see cref="PostgresStorageOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>The options are validated when the host starts; a bad option fails with an
    /// <see cref="OptionsValidationException"/> that names it and never shows the connection string.</remarks>
    public static ICrmEngineBuilder UsePostgresStorage(this ICrmEngineBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddPostgresStorage(builder.Services, configure);
        return builder;
    }

    private static void AddPostgresStorage(IServiceCollection services, Action<PostgresStorageOptions> configure)
    {
        services.AddOptions<PostgresStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.RemoveAll<IStorageProvider>();
        services.AddSingleton<IStorageProvider>(sp => new PostgresStorageProvider(
            sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PostgresStorageProvider>>()));
    }
}
