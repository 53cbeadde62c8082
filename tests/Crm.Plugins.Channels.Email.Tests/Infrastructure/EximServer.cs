using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Crm.Plugins.Channels.Email.Tests.Infrastructure;

/// <summary>
/// A throwaway Exim (Debian's exim4-daemon-light) on 127.0.0.1 and a free port, with its own configuration, spool and
/// log in a temporary folder: STARTTLS with a self-signed certificate made for the run, AUTH PLAIN and LOGIN for one
/// test user, delivery of <c>alice</c> and <c>bob</c> at <c>example.test</c> into one maildir, 550 for other local
/// parts, 451 for <c>tempfail</c>. Disposing kills the daemon (and its delivery processes) and deletes the folder.
/// </summary>
public sealed class EximServer : IAsyncDisposable
{
    public const string Domain = "example.test";
    public const string UserName = "tester";
    public const string Password = "s3cret-Pa55word!";
    public const string InstallHint =
        "The SMTP integration tests need Exim: install it with 'apt-get install -y --no-install-recommends exim4-daemon-light' "
        + "(as root; or run .ci/install-prerequisites). The tests start their own daemon; the package's service is not used.";

    private static readonly string[] Candidates = ["/usr/sbin/exim4", "/usr/sbin/exim", "/usr/bin/exim4", "/usr/bin/exim"];
    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _disposed;

    private EximServer(string root, int port, string thumbprint, Process process, StringBuilder output)
    {
        Root = root;
        Port = port;
        CertificateThumbprint = thumbprint;
        _process = process;
        _output = output;
    }

    public string Root { get; }

    public int Port { get; }

    /// <summary>Gets the SHA-256 thumbprint of the server's self-signed certificate.</summary>
    public string CertificateThumbprint { get; }

    /// <summary>Gets the maildir every accepted message is delivered to.</summary>
    public string Maildir => Path.Combine(Root, "mail");

    public string MainLog => File.Exists(Path.Combine(Root, "log", "mainlog")) ? ReadShared(Path.Combine(Root, "log", "mainlog")) : "";

    public static async Task<EximServer> StartAsync()
    {
        var binary = Candidates.FirstOrDefault(IsExecutable)
            ?? throw new InvalidOperationException("Exim is not installed (looked for " + string.Join(", ", Candidates) + "). " + InstallHint);
        if (!Environment.IsPrivilegedProcess)
        {
            // Exim's daemon starts as root and switches to its own user; run by another user with -C it cannot.
            throw new InvalidOperationException("The SMTP integration tests start an Exim daemon, which needs root; run the tests as root (CI does).");
        }

        var root = Path.Combine(Path.GetTempPath(), "crm-exim-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        foreach (var folder in new[] { "spool", "log", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        try
        {
            var thumbprint = WriteCertificate(root);
            var user = EximUser();
            var port = FreePort();
            var config = Path.Combine(root, "exim.conf");
            await File.WriteAllTextAsync(config, Configuration(root, user));
            // Exim refuses to deliver as root; its own user owns the spool, the log and the maildir.
            await RunAsync("chown", ["-R", user + ":", Path.Combine(root, "spool"), Path.Combine(root, "log"), Path.Combine(root, "mail"), Path.Combine(root, "key.pem"), Path.Combine(root, "cert.pem")]);
            await RunAsync("chmod", ["755", root]);

            var output = new StringBuilder();
            var start = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            foreach (var argument in new[] { "-C", config, "-bdf", "-oX", "127.0.0.1." + port.ToString(CultureInfo.InvariantCulture), "-oP", Path.Combine(root, "exim.pid") })
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                process.Dispose();
                throw new InvalidOperationException($"Exim ('{binary}') could not be started. " + InstallHint, exception);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new EximServer(root, port, thumbprint, process, output);
            try
            {
                await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(20));
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            return server;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Returns the raw files delivered to the maildir so far.</summary>
    public IReadOnlyList<string> DeliveredFiles()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    /// <summary>Waits (polling with a deadline) until a delivered message contains the text, and returns its raw content.</summary>
    public async Task<string> WaitForDeliveryAsync(string contains, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (var file in DeliveredFiles())
            {
                var text = ReadShared(file);
                if (text.Contains(contains, StringComparison.Ordinal))
                {
                    return text;
                }
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"No delivered message contains '{contains}' after {timeout}. Exim log:\n{MainLog}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            TryDelete(Root);
        }
    }

    private static string Configuration(string root, string user) => """
        # Throwaway Exim for the email channel tests; everything lives under @ROOT@.
        primary_hostname = mail.@DOMAIN@
        qualify_domain = @DOMAIN@
        domainlist local_domains = @DOMAIN@
        spool_directory = @ROOT@/spool
        log_file_path = @ROOT@/log/%slog
        log_selector = +smtp_connection
        exim_user = @USER@
        exim_group = @USER@
        never_users =
        keep_environment =
        local_interfaces = 127.0.0.1
        host_lookup =
        rfc1413_hosts =
        smtp_accept_max = 100
        message_size_limit = 2M
        tls_advertise_hosts = *
        tls_certificate = @ROOT@/cert.pem
        tls_privatekey = @ROOT@/key.pem
        # Logins only after STARTTLS, as on a real submission server.
        auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
        acl_smtp_mail = acl_check_mail
        acl_smtp_rcpt = acl_check_rcpt

        begin acl
        acl_check_mail:
          deny message = 530 5.7.0 authentication required
               !authenticated = *
          accept
        acl_check_rcpt:
          defer message = 4.2.1 mailbox busy, try again later
                local_parts = tempfail
          require verify = recipient
          accept

        begin routers
        local_user:
          driver = accept
          domains = +local_domains
          local_parts = alice : bob
          transport = maildir

        begin transports
        maildir:
          driver = appendfile
          directory = @ROOT@/mail
          maildir_format
          create_directory
          envelope_to_add
          return_path_add
          user = @USER@
          group = @USER@
          mode = 0644

        begin authenticators
        plain:
          driver = plaintext
          public_name = PLAIN
          server_prompts = :
          server_condition = ${if and {{eq{$auth2}{@LOGIN@}}{eq{$auth3}{@PASSWORD@}}}}
          server_set_id = $auth2
        login:
          driver = plaintext
          public_name = LOGIN
          server_prompts = Username:: : Password::
          server_condition = ${if and {{eq{$auth1}{@LOGIN@}}{eq{$auth2}{@PASSWORD@}}}}
          server_set_id = $auth1
        """
        .Replace("@ROOT@", root, StringComparison.Ordinal)
        .Replace("@DOMAIN@", Domain, StringComparison.Ordinal)
        .Replace("@USER@", user, StringComparison.Ordinal)
        .Replace("@LOGIN@", UserName, StringComparison.Ordinal)
        .Replace("@PASSWORD@", Password, StringComparison.Ordinal);

    private static bool IsExecutable(string path)
    {
        // Debian's /usr/sbin/exim is a symbolic link to exim4; a dangling link is not an installed Exim.
        if (!File.Exists(path))
        {
            return false;
        }

        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return target is null || target.Exists;
    }

    private static string WriteCertificate(string root)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(root, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(root, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    private static string EximUser()
    {
        // Debian names the account Debian-exim; other builds use exim.
        var passwd = File.ReadAllLines("/etc/passwd").Select(line => line.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        return passwd.Contains("Debian-exim") ? "Debian-exim" : passwd.Contains("exim") ? "exim" : "mail";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed: {error}");
        }
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A delivery process may still be closing a file; the OS temp cleaner takes the rest.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Exim exited with code {_process.ExitCode} before listening: {Output()}\nLog: {MainLog}\n{PanicLog()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(25);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"Exim did not listen on port {Port} within {timeout}: {Output()}\nLog: {MainLog}", exception);
            }
        }
    }

    private string PanicLog()
    {
        var path = Path.Combine(Root, "log", "paniclog");
        return File.Exists(path) ? ReadShared(path) : "";
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
