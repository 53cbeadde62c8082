namespace Crm.Engine.Plugins;

/// <summary>
/// Is a stable, guarded handle to a service a plugin provides. Each call goes to the version active at that moment,
/// is counted in flight (a hot reload waits for it), and runs under the plugin's timeout, concurrency limit and circuit
/// breaker. Hold on to the handle: it survives hot reloads and costs nothing to keep.
/// </summary>
/// <typeparam name="TService">The service contract, such as <c>IChannelAdapter</c>.</typeparam>
/// <remarks>
/// Do not keep the service instance a call receives beyond the call: that would pin an old version in memory after
/// a reload. Pass data in through the state argument and static lambdas to keep calls free of allocations.
/// </remarks>
public sealed class PluginService<TService> : IPluginServiceHandle
    where TService : class
{
    private static readonly string ServiceName = typeof(TService).Name;
    private readonly PluginSlot _slot;
    private readonly int _index;

    internal PluginService(PluginSlot slot, int index)
    {
        _slot = slot;
        _index = index;
    }

    /// <summary>Gets the id of the plugin the handle calls.</summary>
    public string PluginId => _slot.Id;

    /// <summary>Gets the plugin's active version, or <see langword="null"/> when none is active.</summary>
    public string? ActiveVersion => _slot.Active?.Version;

    /// <summary>Calls the service through the guard, passing state to avoid a closure.</summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="call"/>.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="state">The state handed to <paramref name="call"/>, such as the message to send.</param>
    /// <param name="call">The call, ideally a <see langword="static"/> lambda; it receives the token to honour.</param>
    /// <param name="cancellationToken">Cancels the call; combined with the guard's timeout.</param>
    /// <returns>The service's result.</returns>
    /// <exception cref="CrmPluginCallException">The plugin threw, timed out, or the guard refused the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<TResult> InvokeAsync<TState, TResult>(
        TState state,
        Func<TService, TState, CancellationToken, ValueTask<TResult>> call,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!_slot.TryEnter(out var generation))
        {
            return ValueTask.FromException<TResult>(_slot.Unavailable(ServiceName, "it has no active version"));
        }

        var instance = generation.GetInstance<TService>(_index);
        if (instance is null)
        {
            generation.Exit();
            return ValueTask.FromException<TResult>(_slot.Unavailable(ServiceName, $"version {generation.Version} does not provide {ServiceName}"));
        }

        return _slot.InvokeAsync(generation, instance, state, call, ServiceName, cancellationToken);
    }

    /// <summary>Calls the service through the guard.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="call">The call; it receives the token to honour.</param>
    /// <param name="cancellationToken">Cancels the call; combined with the guard's timeout.</param>
    /// <returns>The service's result.</returns>
    /// <exception cref="CrmPluginCallException">The plugin threw, timed out, or the guard refused the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<TResult> InvokeAsync<TResult>(
        Func<TService, CancellationToken, ValueTask<TResult>> call,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return InvokeAsync(call, static (service, call, token) => call(service, token), cancellationToken);
    }

    /// <summary>Calls a service method that returns no result through the guard, passing state to avoid a closure.</summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="call"/>.</typeparam>
    /// <param name="state">The state handed to <paramref name="call"/>.</param>
    /// <param name="call">The call; it receives the token to honour.</param>
    /// <param name="cancellationToken">Cancels the call; combined with the guard's timeout.</param>
    /// <returns>A task that completes when the call does.</returns>
    /// <exception cref="CrmPluginCallException">The plugin threw, timed out, or the guard refused the call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask InvokeAsync<TState>(
        TState state,
        Func<TService, TState, CancellationToken, ValueTask> call,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var pending = InvokeAsync((Call: call, State: state), static async (service, s, token) =>
        {
            await s.Call(service, s.State, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
        return pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());
    }

    /// <inheritdoc />
    bool IPluginServiceHandle.Warm(PluginGeneration generation) => generation.GetInstance<TService>(_index) is not null;
}
