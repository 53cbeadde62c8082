namespace Crm.Engine.Plugins;

/// <summary>
/// Reports that a guarded call into a plugin failed: the plugin threw, timed out, or the guard refused the call
/// (concurrency limit, open circuit, plugin not loaded). The failure is contained: logged, counted and reflected in
/// the plugin's health; the engine and other plugins carry on.
/// </summary>
public sealed class CrmPluginCallException : CrmException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="pluginId">The plugin called.</param>
    /// <param name="serviceType">The name of the service type called, such as <c>IChannelAdapter</c>.</param>
    /// <param name="failure">Why the call failed.</param>
    /// <param name="message">What happened and what to do about it.</param>
    /// <param name="innerException">The plugin's exception, for <see cref="PluginCallFailure.Faulted"/>.</param>
    public CrmPluginCallException(
        string pluginId,
        string serviceType,
        PluginCallFailure failure,
        string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        PluginId = pluginId;
        ServiceType = serviceType;
        Failure = failure;
    }

    /// <summary>Gets the plugin called.</summary>
    public string PluginId { get; }

    /// <summary>Gets the name of the service type called.</summary>
    public string ServiceType { get; }

    /// <summary>Gets why the call failed.</summary>
    public PluginCallFailure Failure { get; }

    /// <summary>Gets a value indicating whether the plugin never saw the call, so retrying cannot duplicate an effect.</summary>
    public bool CallNotAttempted => Failure is PluginCallFailure.Rejected or PluginCallFailure.CircuitOpen or PluginCallFailure.Unavailable;
}
