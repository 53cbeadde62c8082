namespace Crm.Engine.Plugins;

/// <summary>
/// Runs plugin lifecycle hooks under a time limit. A hook that ignores its token is abandoned when the limit passes,
/// so a hanging plugin can delay the host by the timeout at most.
/// </summary>
internal static class PluginHooks
{
    public static async Task<T> RunAsync<T>(
        PluginHostRuntime runtime,
        PluginManifest manifest,
        string hook,
        TimeSpan timeout,
        string optionName,
        Func<CancellationToken, Task<T>> run,
        CancellationToken cancellationToken)
    {
        using var hookCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await run(hookCancellation.Token).WaitAsync(timeout, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await hookCancellation.CancelAsync().ConfigureAwait(false);
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"{hook} of version {manifest.Version} did not finish within {timeout} (PluginHostOptions.{optionName}). Make it honour its cancellation token, or raise the option.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not CrmPluginLoadException)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"{hook} of version {manifest.Version} threw {exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    public static Task RunAsync(
        PluginHostRuntime runtime,
        PluginManifest manifest,
        string hook,
        TimeSpan timeout,
        string optionName,
        Func<CancellationToken, Task> run,
        CancellationToken cancellationToken) =>
        RunAsync(runtime, manifest, hook, timeout, optionName, async token =>
        {
            await run(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
