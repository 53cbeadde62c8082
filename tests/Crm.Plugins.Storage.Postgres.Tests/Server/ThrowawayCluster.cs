using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Testing;

/// <summary>
/// Starts a throwaway PostgreSQL cluster from the installed server binaries (initdb + pg_ctl) in a temporary
/// directory, listening on 127.0.0.1 and a free port with trust authentication, and removes it on dispose. No Docker.
/// Shared by the tests and the benchmarks (linked into both), so both measure the same server setup.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so as root the directory is handed to the <c>postgres</c> system user (created
/// by the Debian package) and the binaries run through <c>runuser -u postgres --</c>.
/// </remarks>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private int _stopped;

    private ThrowawayCluster(string binDirectory, string root, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        Root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>Gets the temporary directory holding the data directory, the socket and the server log.</summary>
    public string Root { get; }

    /// <summary>Gets the loopback port the server listens on.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(Root, "data");

    /// <summary>Creates and starts a cluster tuned for throwaway use: no fsync, no full-page writes, small buffers.</summary>
    /// <param name="sharedBuffers">The <c>shared_buffers</c> setting, such as <c>32MB</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running cluster.</returns>
    public static async Task<ThrowawayCluster> StartAsync(string sharedBuffers = "32MB", CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "crm-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var asPostgres = Environment.IsPrivilegedProcess;
        var cluster = new ThrowawayCluster(bin, root, FreePort(), asPostgres);
        try
        {
            if (asPostgres)
            {
                await RunAsync("chown", ["postgres:", root], cancellationToken).ConfigureAwait(false);
            }

            await cluster.PgAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], cancellationToken).ConfigureAwait(false);
            var settings = string.Join(' ', new[]
            {
                $"-p {cluster.Port.ToString(CultureInfo.InvariantCulture)}", "-c listen_addresses=127.0.0.1", $"-k {root}",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", $"-c shared_buffers={sharedBuffers}",
                "-c max_connections=60", "-c max_wal_size=2GB", "-c checkpoint_timeout=30min",
            });
            await cluster.PgAsync("pg_ctl", ["-D", cluster.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], cancellationToken).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gets a connection string for a database of the cluster.</summary>
    /// <param name="database">The database name.</param>
    /// <returns>The connection string (user <c>postgres</c>, trust authentication, no password).</returns>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 30 }.ConnectionString;

    /// <summary>Creates an empty database with a unique name.</summary>
    /// <param name="prefix">The start of the name.</param>
    /// <returns>The connection string of the new database.</returns>
    public async Task<string> CreateDatabaseAsync(string prefix = "crm")
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        var connection = new NpgsqlConnection(ConnectionString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0;", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (nothing needs to be durable) and deletes the directory.</summary>
    /// <returns>A task that completes when the cluster is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Leave the rest to the OS temp cleaner rather than fail the run.
            }
            catch (UnauthorizedAccessException)
            {
                // Same: a non-root run may not delete files the server left with other permissions.
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task PgAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // pg_ctl returns once the server is up; the server itself writes to the log file, not to these pipes.
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {text}");
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        try
        {
            var start = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is not null)
            {
                var line = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                candidates.Add(line);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed (it ships with libpq-dev); fall back to the Debian server paths.
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries (initdb, pg_ctl) found; install the 'postgresql-15' Debian package (.ci/install-prerequisites does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
