namespace Crm.Engine.Plugins;

/// <summary>Lets the engine start the plugin host in <c>InitializeAsync</c> and stop it on dispose.</summary>
internal sealed class PluginHostComponent(PluginHost host) : ICrmEngineComponent
{
    public Task StartAsync(CancellationToken cancellationToken) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);
}
