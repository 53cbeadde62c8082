namespace Crm.Engine;

/// <summary>
/// Takes part in the engine's lifetime: started by <see cref="ICrmEngine.InitializeAsync"/> after storage is ready,
/// in registration order, and stopped in reverse order when the engine is disposed. The plugin host, the outbox
/// dispatcher and the scheduler are components; plugins may register their own.
/// </summary>
public interface ICrmEngineComponent
{
    /// <summary>Starts the component. Must return once it is ready; long-running work continues in the background.</summary>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>A task that completes when the component is ready.</returns>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the component, letting in-flight work finish where it can.</summary>
    /// <param name="cancellationToken">Signals that stopping must hurry: abandon what cannot finish now.</param>
    /// <returns>A task that completes when the component has stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken);
}
