using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>
/// Polls inbound sources (mailboxes, social notifications) for the configured tenants. Each poll's messages are
/// recorded before its cursor is stored, so a crash in between re-delivers messages, which recording deduplicates,
/// instead of losing them.
/// </summary>
internal sealed class InboundPollerRunner(
    CrmEngine engine,
    ChannelRouter router,
    IOptions<MessagingOptions> options,
    ILogger<InboundPollerRunner> logger) : ICrmEngineComponent, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(string Source, string Tenant), DateTimeOffset> _nextPoll = [];
    private readonly SemaphoreSlim _round = new(1, 1);
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PollInboundForTenants.Count > 0)
        {
            _loop = Task.Run(LoopAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopping cancels the poll in progress.
        }
    }

    public void Dispose() => _stopping.Cancel();

    /// <summary>Polls every source of every configured tenant that is due now; returns how many messages were recorded.</summary>
    internal async Task<int> PollDueAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var recorded = 0;
            var now = engine.Time.GetUtcNow();
            foreach (var source in await router.PollersAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var tenant in options.Value.PollInboundForTenants)
                {
                    if (_nextPoll.TryGetValue((source.Key, tenant), out var due) && due > now)
                    {
                        continue;
                    }

                    _nextPoll[(source.Key, tenant)] = now + source.Interval;
                    recorded += await PollAsync(source, tenant, cancellationToken).ConfigureAwait(false);
                }
            }

            return recorded;
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task<int> PollAsync(InboundSource source, string tenant, CancellationToken cancellationToken)
    {
        try
        {
            string? cursor;
            var session = await engine.Storage.OpenSessionAsync(tenant, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                cursor = await session.Inbound.GetCursorAsync(source.Key, cancellationToken).ConfigureAwait(false);
            }

            var result = await source.PollAsync(tenant, cursor, cancellationToken).ConfigureAwait(false);
            var crm = engine.ForCaller(CrmCaller.System(tenant));
            foreach (var message in result.Messages)
            {
                await crm.Messages.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
            }

            if (result.NextCursor is { } next && next != cursor)
            {
                session = await engine.Storage.OpenSessionAsync(tenant, cancellationToken).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    await session.Inbound.SetCursorAsync(source.Key, next, engine.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
            }

            return result.Messages.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One failing source (mailbox unreachable, bad message) must not stop the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            MessagingLog.PollFailed(logger, e, source.Key, tenant);
            return 0;
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Tick, engine.Time);
        try
        {
            do
            {
                await PollDueAsync(_stopping.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
