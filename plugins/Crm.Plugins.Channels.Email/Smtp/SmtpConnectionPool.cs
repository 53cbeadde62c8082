namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// Keeps up to <see cref="SmtpOptions.MaxPooledConnections"/> idle sessions for reuse. A reused session is checked
/// with RSET first, so a connection the server closed while idle costs a reconnect, never a lost message.
/// </summary>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly string _clientName;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Stack<SmtpConnection> _idle = new();
    private bool _disposed;

    public SmtpConnectionPool(SmtpOptions options, string clientName, TimeProvider time)
    {
        _options = options;
        _clientName = clientName;
        _time = time;
    }

    /// <summary>Gets the number of idle connections.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Returns a ready session: a pooled one that answers RSET, or a new one.</summary>
    public async Task<SmtpConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (TryTakeIdle(out var pooled))
        {
            try
            {
                await pooled.ResetAsync(cancellationToken).ConfigureAwait(false);
                return pooled;
            }
            catch (Exception exception) when (exception is IOException or TimeoutException or SmtpCommandException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The server dropped the idle session; open another.
                await pooled.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await pooled.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return await SmtpConnection.OpenAsync(_options, _clientName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a session for reuse when it is healthy and there is room; closes it otherwise.</summary>
    public async ValueTask ReturnAsync(SmtpConnection connection)
    {
        if (connection.IsUsable)
        {
            lock (_lock)
            {
                if (!_disposed && _idle.Count < _options.MaxPooledConnections)
                {
                    connection.IdleSince = _time.GetTimestamp();
                    _idle.Push(connection);
                    return;
                }
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes every idle session.</summary>
    public async ValueTask DisposeAsync()
    {
        SmtpConnection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool TryTakeIdle(out SmtpConnection connection)
    {
        while (true)
        {
            SmtpConnection? candidate;
            lock (_lock)
            {
                if (!_idle.TryPop(out candidate))
                {
                    connection = null!;
                    return false;
                }
            }

            if (_time.GetElapsedTime(candidate.IdleSince) <= _options.PooledConnectionIdleTimeout)
            {
                connection = candidate;
                return true;
            }

            // Too old: servers close idle sessions, so do not bet on it. Closing sends QUIT; do it in the background.
            _ = candidate.DisposeAsync().AsTask();
        }
    }
}
