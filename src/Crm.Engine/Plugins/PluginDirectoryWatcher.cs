namespace Crm.Engine.Plugins;

/// <summary>
/// Watches one plugin root with a single file-system watcher (one inotify instance on Linux, however many plugins)
/// and reports the plugin folder each change, creation, deletion or rename falls in. Falls back to polling when the
/// watcher cannot be created or fails, and asks for a full rescan when events were lost. While watching, a cheap
/// metadata scan every <see cref="PluginHostOptions.PollingInterval"/> is the safety net for a change whose event was
/// coalesced or lost under load; the host skips folders whose content fingerprint did not change, so a double report
/// costs one read and never a reload.
/// </summary>
internal sealed class PluginDirectoryWatcher : IDisposable
{
    private readonly string _root;
    private readonly PluginHostRuntime _runtime;
    private readonly Action<string> _folderChanged;
    private readonly Action _rescan;
    private readonly object _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _pollTimer;
    private ITimer? _safetyTimer;
    private Dictionary<string, long> _signatures = new(StringComparer.Ordinal);
    private int _polling;
    private bool _disposed;

    public PluginDirectoryWatcher(string root, PluginHostRuntime runtime, Action<string> folderChanged, Action rescan)
    {
        _root = root;
        _runtime = runtime;
        _folderChanged = folderChanged;
        _rescan = rescan;
    }

    /// <summary>Gets a value indicating whether the root is polled instead of watched.</summary>
    public bool IsPolling => _pollTimer is not null;

    public void Start()
    {
        if (_runtime.Options.WatchMode == PluginWatchMode.Polling)
        {
            StartPolling();
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnRenamed;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            _signatures = Scan();
            _safetyTimer = _runtime.TimeProvider.CreateTimer(_ => Poll(), null, _runtime.Options.PollingInterval, _runtime.Options.PollingInterval);
        }
        catch (Exception exception) when (exception is IOException or PlatformNotSupportedException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            PluginLog.WatcherFellBackToPolling(_runtime.Logger, exception, _root, _runtime.Options.PollingInterval);
            StartPolling();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
            _pollTimer?.Dispose();
            _pollTimer = null;
            _safetyTimer?.Dispose();
            _safetyTimer = null;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => Report(e.FullPath);

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        // An atomic deploy renames a temporary file over the old one: both names may matter.
        Report(e.OldFullPath);
        Report(e.FullPath);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        var exception = e.GetException();
        PluginLog.WatcherError(_runtime.Logger, exception, _root);
        if (exception is not InternalBufferOverflowException)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _watcher?.Dispose();
                _watcher = null;
            }

            PluginLog.WatcherFellBackToPolling(_runtime.Logger, exception, _root, _runtime.Options.PollingInterval);
            StartPolling();
        }

        _rescan();
    }

    private void Report(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return;
        }

        var separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        _folderChanged(Path.Combine(_root, separator < 0 ? relative : relative[..separator]));
    }

    private void StartPolling()
    {
        lock (_lock)
        {
            if (_disposed || _pollTimer is not null)
            {
                return;
            }

            _signatures = Scan();
            _pollTimer = _runtime.TimeProvider.CreateTimer(_ => Poll(), null, _runtime.Options.PollingInterval, _runtime.Options.PollingInterval);
        }
    }

    private void Poll()
    {
        if (Interlocked.Exchange(ref _polling, 1) != 0)
        {
            return;
        }

        try
        {
            var current = Scan();
            foreach (var (folder, signature) in current)
            {
                if (!_signatures.TryGetValue(folder, out var previous) || previous != signature)
                {
                    _folderChanged(folder);
                }
            }

            foreach (var folder in _signatures.Keys.Except(current.Keys))
            {
                _folderChanged(folder);
            }

            _signatures = current;
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private Dictionary<string, long> Scan()
    {
        var signatures = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(_root))
            {
                var hash = new HashCode();
                try
                {
                    foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
                    {
                        hash.Add(file.FullName, StringComparer.Ordinal);
                        hash.Add(file.Length);
                        hash.Add(file.LastWriteTimeUtc.Ticks);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The folder is changing under us; a different signature makes the next poll look again.
                    hash.Add(Guid.NewGuid());
                }

                signatures[folder] = hash.ToHashCode();
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return _signatures;
        }

        return signatures;
    }
}
