using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Adds plugins to the engine: referenced as packages and registered in code, or loaded from plugin folders.
/// </summary>
public static class PluginsCrmEngineBuilderExtensions
{
    /// <summary>Registers a plugin referenced as a package; it is loaded in the host's context and is not hot-reloadable.</summary>
    /// <typeparam name="TPlugin">The plugin's entry type; a <c>plugin.json</c> embedded in its assembly is used as its manifest.</typeparam>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Registering the same type twice has no effect. The plugin starts when the engine initializes.</remarks>
    public static ICrmEngineBuilder AddPlugin<TPlugin>(this ICrmEngineBuilder builder)
        where TPlugin : class, ICrmPlugin, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddPluginHost(builder.Services);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICodePluginRegistration, CodePluginRegistration<TPlugin>>());
        return builder;
    }

    /// <summary>Loads every plugin folder under a root and, by default, watches it to load, reload and unload plugins as folders change.</summary>
    /// <param name="builder">The engine builder.</param>
    /// <param name="path">The plugin root: each sub-folder holding a <c>plugin.json</c> is one plugin. Created if missing.</param>
    /// <param name="configure">Configures the plugin host (timeouts, limits, settings, hot reload); applies to every root.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static ICrmEngineBuilder AddPluginsFromDirectory(this ICrmEngineBuilder builder, string path, Action<PluginHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AddPluginHost(builder.Services);
        builder.Services.Configure<PluginHostOptions>(options =>
        {
            options.Directories.Add(path);
            configure?.Invoke(options);
        });
        return builder;
    }

    private static void AddPluginHost(IServiceCollection services)
    {
        services.AddOptions<PluginHostOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PluginHostOptions>, PluginHostOptionsValidator>());
        services.TryAddSingleton(static provider => new PluginHost(
            provider.GetRequiredService<IOptions<PluginHostOptions>>(),
            provider.GetServices<ICodePluginRegistration>(),
            provider,
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IPluginCatalog>(static provider => provider.GetRequiredService<PluginHost>());
        services.TryAddSingleton<IPluginServices>(static provider => provider.GetRequiredService<PluginHost>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICrmEngineComponent, PluginHostComponent>());
    }
}
