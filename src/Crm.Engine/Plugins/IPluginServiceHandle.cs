namespace Crm.Engine.Plugins;

/// <summary>Lets the host work with handles without knowing their service type.</summary>
internal interface IPluginServiceHandle
{
    /// <summary>Resolves the handle's service in a new generation before it takes calls, so the first call is not slower.</summary>
    /// <returns>Whether the generation provides the service.</returns>
    bool Warm(PluginGeneration generation);
}
