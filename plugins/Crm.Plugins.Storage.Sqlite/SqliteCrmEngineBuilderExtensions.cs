using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Registers the embedded SQLite storage provider on a <see cref="ICrmEngineBuilder"/>.
/// </summary>
public static class SqliteCrmEngineBuilderExtensions
{
    /// <summary>
    /// Uses SQLite as the engine's storage: registers <see cref="SqliteStorageProvider"/> as the only
    /// <see cref="IStorageProvider"/>, replacing any provider registered before.
    /// </summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="configure">Sets the database file and other <see cref="SqliteStorageOptions"/>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>The options are validated when the host starts; a bad option fails with an
    /// <see cref="OptionsValidationException"/> that names it.</remarks>
    public static ICrmEngineBuilder UseSqliteStorage(this ICrmEngineBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddSqliteStorage(builder.Services, configure);
        return builder;
    }

    private static void AddSqliteStorage(IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        services.AddOptions<SqliteStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.RemoveAll<IStorageProvider>();
        services.AddSingleton<IStorageProvider>(sp => new SqliteStorageProvider(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<SqliteStorageProvider>>()));
    }
}
