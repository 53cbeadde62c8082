using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crm.Plugins.Channels.Email.Tests.Infrastructure;

/// <summary>
/// A minimal scripted SMTP server on loopback, for behaviour a real MTA will not show on demand: odd reply codes at
/// each step, silence (timeouts), dropped connections. Replies are chosen by command verb; <see cref="Hang"/> as a
/// reply means "never answer". Records every command line and the raw DATA bytes as they arrived on the wire.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    public const string Hang = "<hang>";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _replies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedSmtpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _replies["GREETING"] = "220 fake.example.test ESMTP ready";
        _replies["EHLO"] = "250-fake.example.test\r\n250-SIZE 10000000\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN";
        _replies["HELO"] = "250 fake.example.test";
        _replies["MAIL"] = "250 2.1.0 Ok";
        _replies["RCPT"] = "250 2.1.5 Ok";
        _replies["DATA"] = "354 End data with <CR><LF>.<CR><LF>";
        _replies["DATAEND"] = "250 2.0.0 Ok: queued";
        _replies["RSET"] = "250 2.0.0 Ok";
        _replies["AUTH"] = "235 2.7.0 Authentication successful";
        _replies["QUIT"] = "221 2.0.0 Bye";
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentQueue<byte[]> Payloads { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Gets or sets a value indicating whether the server drops the connection after each accepted message.</summary>
    public bool CloseAfterMessage { get; set; }

    /// <summary>Gets a task that completes when a command starting with the given verb arrives.</summary>
    public TaskCompletionSource CommandSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? SignalOn { get; set; }

    /// <summary>Sets the reply to a verb (EHLO, MAIL, RCPT, DATA, DATAEND for the end of the content, GREETING, ...).</summary>
    public ScriptedSmtpServer Reply(string verb, string reply)
    {
        _replies[verb] = reply;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(_sessions).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _sessions.Add(Task.Run(() => SessionAsync(client)));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        try
        {
            if (!await SendAsync(stream, "GREETING"))
            {
                return;
            }

            while (!_stop.IsCancellationRequested)
            {
                var line = await reader.ReadLineAsync(_stop.Token);
                if (line is null)
                {
                    return;
                }

                var text = Encoding.ASCII.GetString(line);
                Commands.Enqueue(text);
                var verb = text.Split(' ', ':')[0].ToUpperInvariant();
                if (SignalOn is not null && verb == SignalOn)
                {
                    CommandSeen.TrySetResult();
                }

                if (verb == "AUTH" && text.Equals("AUTH LOGIN", StringComparison.OrdinalIgnoreCase))
                {
                    await WriteAsync(stream, "334 VXNlcm5hbWU6");
                    Commands.Enqueue(Encoding.ASCII.GetString(await reader.ReadLineAsync(_stop.Token) ?? []));
                    await WriteAsync(stream, "334 UGFzc3dvcmQ6");
                    Commands.Enqueue(Encoding.ASCII.GetString(await reader.ReadLineAsync(_stop.Token) ?? []));
                }

                if (!await SendAsync(stream, _replies.ContainsKey(verb) ? verb : "UNKNOWN"))
                {
                    return;
                }

                if (verb == "QUIT")
                {
                    return;
                }

                if (verb == "DATA" && _replies["DATA"].StartsWith("354", StringComparison.Ordinal))
                {
                    var payload = await reader.ReadDataAsync(_stop.Token);
                    if (payload is null)
                    {
                        return;
                    }

                    Payloads.Enqueue(payload);
                    if (SignalOn == "DATAEND")
                    {
                        CommandSeen.TrySetResult();
                    }

                    if (!await SendAsync(stream, "DATAEND") || CloseAfterMessage)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server stops.
        }
    }

    private async Task<bool> SendAsync(NetworkStream stream, string verb)
    {
        var reply = _replies.TryGetValue(verb, out var configured) ? configured : "502 5.5.2 Command not recognized";
        if (reply == Hang)
        {
            // Say nothing until the client gives up and closes.
            await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        }

        await WriteAsync(stream, reply);
        return true;
    }

    private async Task WriteAsync(NetworkStream stream, string reply)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token);
    }

    private sealed class LineReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken token)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, token);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return [.. line.Take(line.Count > 0 && line[^1] == '\r' ? line.Count - 1 : line.Count)];
                }

                line.Add(b);
            }
        }

        /// <summary>Reads DATA content up to and including the terminating ".CRLF" line; returns the raw bytes.</summary>
        public async Task<byte[]?> ReadDataAsync(CancellationToken token)
        {
            var data = new List<byte>();
            while (true)
            {
                var line = await ReadLineAsync(token);
                if (line is null)
                {
                    return null;
                }

                data.AddRange(line);
                data.Add((byte)'\r');
                data.Add((byte)'\n');
                if (line is [(byte)'.'])
                {
                    return [.. data];
                }
            }
        }
    }
}
