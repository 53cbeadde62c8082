namespace Crm.Engine.Plugins;

/// <summary>Registers one plugin type in code; generic so that registering the same type twice is a no-op.</summary>
/// <typeparam name="TPlugin">The plugin's entry type.</typeparam>
internal sealed class CodePluginRegistration<TPlugin> : ICodePluginRegistration
    where TPlugin : class, ICrmPlugin, new()
{
    public Type PluginType => typeof(TPlugin);

    public ICrmPlugin Create() => new TPlugin();
}
