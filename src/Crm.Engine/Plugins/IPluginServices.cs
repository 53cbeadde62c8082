namespace Crm.Engine.Plugins;

/// <summary>
/// Hands out guarded handles to the services plugins provide. A handle stays valid across hot reloads: each call goes
/// to the version active at that moment.
/// </summary>
public interface IPluginServices
{
    /// <summary>Gets the handle to a service one plugin provides.</summary>
    /// <typeparam name="TService">The service contract, from <c>Crm.Engine.Abstractions</c>, such as <c>IChannelAdapter</c>.</typeparam>
    /// <param name="pluginId">The plugin id.</param>
    /// <returns>The handle; calls fail with <see cref="PluginCallFailure.Unavailable"/> while the plugin does not provide the service.</returns>
    /// <exception cref="CrmPluginCallException">The host does not know a plugin with this id.</exception>
    PluginService<TService> GetService<TService>(string pluginId)
        where TService : class;

    /// <summary>Gets a handle for every active plugin that provides a service, ordered by plugin id.</summary>
    /// <typeparam name="TService">The service contract.</typeparam>
    /// <returns>The handles.</returns>
    IReadOnlyList<PluginService<TService>> GetServices<TService>()
        where TService : class;
}
