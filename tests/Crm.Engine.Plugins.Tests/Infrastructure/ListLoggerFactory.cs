using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>Captures log events so tests can check what the host logged (event ids, plugin ids).</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    private readonly object _waitersGate = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Done)> _waiters = [];

    public IEnumerable<LogEntry> WithEventId(int id) => Entries.Where(e => e.EventId == id);

    /// <summary>Completes with the first entry (already logged or logged later) that matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate)
        {
            // Registered before the existing entries are scanned, under the same gate Add takes: none can slip between.
            _waiters.Add((match, done));
            if (Entries.FirstOrDefault(match) is { } logged)
            {
                _waiters.RemoveAt(_waiters.Count - 1);
                return logged;
            }
        }

        try
        {
            return await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching log entry within {timeout}.");
        }
    }

    private void Add(LogEntry entry)
    {
        lock (_waitersGate)
        {
            Entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Done.TrySetResult(entry);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    // Exceptions are kept as text: an exception thrown by plugin code pins the plugin's context while it is referenced.
    internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, string? Exception);

    private sealed class ListLogger(ListLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString()));
    }
}
