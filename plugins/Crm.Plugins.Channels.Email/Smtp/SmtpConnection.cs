using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Crm.Plugins.Channels.Email.Smtp;

/// <summary>
/// One SMTP session (RFC 5321): greeting, EHLO, STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, then any number of
/// MAIL/RCPT/DATA transactions. Every read and write runs under a timeout. Not thread-safe: one transaction at a time.
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxLineBytes = 4096;
    private const int MaxReplyLines = 200;

    private readonly SmtpOptions _options;
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[8192];
    private Stream _stream;
    private int _bufferStart;
    private int _bufferEnd;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);
    private string[] _authMechanisms = [];

    private SmtpConnection(SmtpOptions options, Socket socket)
    {
        _options = options;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Gets a value indicating whether the session is encrypted.</summary>
    public bool IsEncrypted => _stream is SslStream;

    /// <summary>Gets a value indicating whether the connection can still be used (no failure mid-command).</summary>
    public bool IsUsable { get; private set; } = true;

    /// <summary>Gets the timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the connection was last returned to a pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>Connects, greets, secures and logs in, all within <see cref="SmtpOptions.ConnectTimeout"/>.</summary>
    /// <exception cref="SmtpCommandException">The server refused a step, or the client refused to go on (no TLS).</exception>
    /// <exception cref="TimeoutException">A step took too long.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="SocketException">The server could not be reached.</exception>
    /// <exception cref="AuthenticationException">The TLS handshake failed (untrusted certificate).</exception>
    public static async Task<SmtpConnection> OpenAsync(SmtpOptions options, string clientName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SmtpConnection? connection = null;
        try
        {
            await socket.ConnectAsync(options.Host!, options.EffectivePort, timeout.Token).ConfigureAwait(false);
            connection = new SmtpConnection(options, socket);
            await connection.StartAsync(clientName, timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Could not connect to the SMTP server and log in within {options.ConnectTimeout.TotalSeconds:0.#} s.", exception);
            }

            throw;
        }
    }

    /// <summary>Runs one mail transaction: MAIL FROM, RCPT TO, DATA with the dot-stuffed content.</summary>
    /// <exception cref="SmtpCommandException">The server refused the sender, the recipient or the content.</exception>
    public async Task SendAsync(string from, string recipient, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var size = _extensions.Contains("SIZE") ? " SIZE=" + content.Length.ToString(CultureInfo.InvariantCulture) : "";
        await ExpectAsync(SmtpPhase.MailFrom, "MAIL FROM:<" + from + ">" + size, 250, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        await ExpectAsync(SmtpPhase.RecipientTo, "RCPT TO:<" + recipient + ">", 250, _options.CommandTimeout, cancellationToken, alsoAccept: 251).ConfigureAwait(false);
        await ExpectAsync(SmtpPhase.Data, "DATA", 354, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        var data = DotStuffing.Stuff(content.Span);
        await RunTimedAsync(
            SmtpPhase.DataEnd,
            _options.CommandTimeout,
            async token =>
            {
                await _stream.WriteAsync(data, token).ConfigureAwait(false);
                await _stream.FlushAsync(token).ConfigureAwait(false);
                var reply = await ReadReplyAsync(token).ConfigureAwait(false);
                return reply.Code == 250 ? reply : throw new SmtpCommandException(SmtpPhase.DataEnd, reply);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends RSET, to start a clean transaction on a reused connection.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) =>
        ExpectAsync(SmtpPhase.Reset, "RSET", 250, _options.CommandTimeout, cancellationToken);

    /// <summary>Says QUIT and closes, waiting briefly for the reply; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsUsable)
        {
            IsUsable = false;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await WriteLineAsync("QUIT", timeout.Token).ConfigureAwait(false);
                await ReadReplyAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or SmtpCommandException)
            {
                // The server may already have closed the connection; QUIT is a courtesy.
            }
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task StartAsync(string clientName, CancellationToken token)
    {
        if (_options.Security == SmtpSecurity.ImplicitTls)
        {
            await UpgradeToTlsAsync(token).ConfigureAwait(false);
        }

        var greeting = await RunTimedAsync(SmtpPhase.Connect, _options.ConnectTimeout, ReadReplyAsync, token).ConfigureAwait(false);
        if (greeting.Code != 220)
        {
            throw new SmtpCommandException(SmtpPhase.Connect, greeting);
        }

        await HelloAsync(clientName, token).ConfigureAwait(false);
        if (_options.Security is (SmtpSecurity.StartTls or SmtpSecurity.StartTlsWhenAvailable) && !IsEncrypted)
        {
            if (_extensions.Contains("STARTTLS"))
            {
                await ExpectAsync(SmtpPhase.StartTls, "STARTTLS", 220, _options.ConnectTimeout, token).ConfigureAwait(false);
                await UpgradeToTlsAsync(token).ConfigureAwait(false);

                // RFC 3207: forget what was learned before TLS and ask again.
                await HelloAsync(clientName, token).ConfigureAwait(false);
            }
            else if (_options.Security == SmtpSecurity.StartTls)
            {
                throw new SmtpCommandException(SmtpPhase.StartTls, "The SMTP server does not offer STARTTLS and Smtp.Security requires it; the message was not sent unencrypted.");
            }
        }

        if (!string.IsNullOrEmpty(_options.UserName))
        {
            await AuthenticateAsync(token).ConfigureAwait(false);
        }
    }

    private async Task HelloAsync(string clientName, CancellationToken token)
    {
        var reply = await CommandAsync(SmtpPhase.Hello, "EHLO " + clientName, _options.ConnectTimeout, token).ConfigureAwait(false);
        if (reply.IsSuccess)
        {
            _extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            _authMechanisms = [];
            foreach (var line in reply.Lines.Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0)
                {
                    continue;
                }

                _extensions.Add(parts[0]);
                if (string.Equals(parts[0], "AUTH", StringComparison.OrdinalIgnoreCase))
                {
                    _authMechanisms = parts[1..];
                }
            }

            return;
        }

        // A server too old for EHLO: HELO works, without extensions (so without STARTTLS and AUTH).
        if (reply.Code is 500 or 502)
        {
            await ExpectAsync(SmtpPhase.Hello, "HELO " + clientName, 250, _options.ConnectTimeout, token).ConfigureAwait(false);
            _extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            _authMechanisms = [];
            return;
        }

        throw new SmtpCommandException(SmtpPhase.Hello, reply);
    }

    private async Task UpgradeToTlsAsync(CancellationToken token)
    {
        if (_bufferEnd > _bufferStart)
        {
            // Bytes after the 220 reply would be injected plaintext (CVE-2011-0411 class); refuse to go on.
            throw new SmtpCommandException(SmtpPhase.StartTls, "The SMTP server sent data before the TLS handshake; the connection was closed.");
        }

        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = ssl;
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = _options.Host,
            RemoteCertificateValidationCallback = ValidateCertificate,
            EnabledSslProtocols = SslProtocols.None,
        };
        await ssl.AuthenticateAsClientAsync(authentication, token).ConfigureAwait(false);
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None || _options.DangerousAcceptAnyServerCertificate)
        {
            return true;
        }

        if (certificate is null || _options.AcceptedCertificateThumbprints.Count == 0)
        {
            return false;
        }

        var thumbprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return _options.AcceptedCertificateThumbprints.Any(accepted =>
            string.Equals(NormalizeThumbprint(accepted), thumbprint, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removes the separators people paste thumbprints with (colons, spaces).</summary>
    internal static string NormalizeThumbprint(string thumbprint) =>
        string.Concat(thumbprint.Where(char.IsAsciiHexDigit));

    private async Task AuthenticateAsync(CancellationToken token)
    {
        if (!IsEncrypted && !_options.AllowPlaintextAuthentication)
        {
            throw new SmtpCommandException(SmtpPhase.Authenticate, "The connection is not encrypted, so the password was not sent; use Smtp.Security StartTls or ImplicitTls, or set Smtp.AllowPlaintextAuthentication for a trusted network.");
        }

        var offered = new HashSet<string>(_authMechanisms, StringComparer.OrdinalIgnoreCase);
        var mechanism = _options.AuthMechanism switch
        {
            SmtpAuthMechanism.Plain => "PLAIN",
            SmtpAuthMechanism.Login => "LOGIN",
            _ => offered.Contains("PLAIN") ? "PLAIN" : offered.Contains("LOGIN") ? "LOGIN" : null,
        };
        if (mechanism is null || !offered.Contains(mechanism))
        {
            throw new SmtpCommandException(SmtpPhase.Authenticate, offered.Count == 0
                ? "The SMTP server offers no login (AUTH) on this connection; check Smtp.Security and Smtp.UserName."
                : $"The SMTP server does not offer the login mechanism {mechanism ?? "PLAIN or LOGIN"}; it offers {string.Join(", ", offered)}.");
        }

        var user = _options.UserName ?? "";
        var password = _options.Password ?? "";
        SmtpReply reply;
        if (mechanism == "PLAIN")
        {
            var initial = Base64("\0" + user + "\0" + password);
            reply = await CommandAsync(SmtpPhase.Authenticate, "AUTH PLAIN " + initial, _options.ConnectTimeout, token).ConfigureAwait(false);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(SmtpPhase.Authenticate, initial, _options.ConnectTimeout, token).ConfigureAwait(false);
            }
        }
        else
        {
            reply = await CommandAsync(SmtpPhase.Authenticate, "AUTH LOGIN", _options.ConnectTimeout, token).ConfigureAwait(false);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(SmtpPhase.Authenticate, Base64(user), _options.ConnectTimeout, token).ConfigureAwait(false);
            }

            if (reply.Code == 334)
            {
                reply = await CommandAsync(SmtpPhase.Authenticate, Base64(password), _options.ConnectTimeout, token).ConfigureAwait(false);
            }
        }

        if (reply.Code != 235)
        {
            if (reply.Code == 334)
            {
                // Leave the exchange cleanly rather than answer a challenge we do not understand.
                await CommandAsync(SmtpPhase.Authenticate, "*", _options.ConnectTimeout, token).ConfigureAwait(false);
            }

            throw new SmtpCommandException(SmtpPhase.Authenticate, reply);
        }

        static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
    }

    private async Task ExpectAsync(SmtpPhase phase, string command, int expected, TimeSpan timeout, CancellationToken cancellationToken, int alsoAccept = 0)
    {
        var reply = await CommandAsync(phase, command, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.Code != expected && reply.Code != alsoAccept)
        {
            throw new SmtpCommandException(phase, reply);
        }
    }

    private Task<SmtpReply> CommandAsync(SmtpPhase phase, string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunTimedAsync(
            phase,
            timeout,
            async token =>
            {
                await WriteLineAsync(command, token).ConfigureAwait(false);
                return await ReadReplyAsync(token).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>
    /// Runs one exchange under a timeout. Any failure but a refusal leaves the session in an unknown state, so the
    /// connection is marked unusable; a timeout becomes <see cref="TimeoutException"/> naming the step.
    /// </summary>
    private async Task<SmtpReply> RunTimedAsync(SmtpPhase phase, TimeSpan timeout, Func<CancellationToken, Task<SmtpReply>> exchange, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            return await exchange(timer.Token).ConfigureAwait(false);
        }
        catch (SmtpCommandException)
        {
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            IsUsable = false;
            throw new TimeoutException($"The SMTP server did not answer {SmtpCommandException.Describe(phase)} within {timeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            IsUsable = false;
            throw;
        }
    }

    private async Task WriteLineAsync(string line, CancellationToken token)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        await _stream.WriteAsync(bytes, token).ConfigureAwait(false);
        await _stream.FlushAsync(token).ConfigureAwait(false);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken token)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(token).ConfigureAwait(false);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 200 || code > 599
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new IOException("The SMTP server sent a line that is not a reply.");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count >= MaxReplyLines)
            {
                throw new IOException("The SMTP server sent a reply with too many lines.");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken token)
    {
        var line = new List<byte>(128);
        while (true)
        {
            if (_bufferStart == _bufferEnd)
            {
                _bufferStart = 0;
                _bufferEnd = await _stream.ReadAsync(_buffer, token).ConfigureAwait(false);
                if (_bufferEnd == 0)
                {
                    throw new IOException("The SMTP server closed the connection.");
                }
            }

            var index = Array.IndexOf(_buffer, (byte)'\n', _bufferStart, _bufferEnd - _bufferStart);
            var end = index < 0 ? _bufferEnd : index;
            line.AddRange(_buffer.AsSpan(_bufferStart, end - _bufferStart));
            _bufferStart = index < 0 ? _bufferEnd : index + 1;
            if (line.Count > MaxLineBytes)
            {
                throw new IOException("The SMTP server sent a line longer than 4096 bytes.");
            }

            if (index >= 0)
            {
                var count = line.Count > 0 && line[^1] == '\r' ? line.Count - 1 : line.Count;
                return Encoding.UTF8.GetString([.. line.Take(count)]);
            }
        }
    }
}
