using System.Globalization;

namespace Crm.Engine.Cli.Customers;

/// <summary>
/// Prints the progress of a long import or export to stderr: nothing for the first <c>interval</c> (short runs stay
/// quiet), then at most one update per interval. On a terminal the update overwrites one line; when stderr is
/// redirected (a log file, CI) each update is a line of its own.
/// </summary>
/// <remarks>Reports are handled synchronously on the caller's thread, unlike <see cref="Progress{T}"/>, so lines never interleave or arrive after the summary.</remarks>
internal sealed class ProgressPrinter : IProgress<ImportProgress>
{
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly bool _overwrite;
    private readonly Func<ImportProgress, string> _describe;
    private DateTimeOffset _next;
    private int _lastLength;

    public ProgressPrinter(TextWriter error, TimeProvider time, TimeSpan interval, bool overwrite, Func<ImportProgress, string> describe)
    {
        _error = error;
        _time = time;
        _interval = interval;
        _overwrite = overwrite;
        _describe = describe;
        _next = time.GetUtcNow() + interval;
    }

    /// <summary>Gets whether any update was printed.</summary>
    public bool Printed { get; private set; }

    /// <summary>Chooses the line mode: overwrite only when writing to the console's own, unredirected stderr.</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Describes import progress: rows, counts and the share of the file read.</summary>
    public static Func<ImportProgress, string> Import(long fileLength) => p =>
        string.Create(CultureInfo.InvariantCulture, $"{Percent(p.CharactersRead, fileLength)}{p.RowsRead:N0} rows read: {p.Inserted:N0} inserted, {p.Updated:N0} updated, {p.Rejected:N0} rejected");

    /// <summary>Describes export progress: rows written of the total.</summary>
    public static Func<ImportProgress, string> Export(long total) => p =>
        string.Create(CultureInfo.InvariantCulture, $"{Percent(p.RowsRead, total)}{p.RowsRead:N0} of {total:N0} customers written");

    public void Report(ImportProgress value)
    {
        var now = _time.GetUtcNow();
        if (now < _next)
        {
            return;
        }

        _next = now + _interval;
        var line = _describe(value);
        if (_overwrite)
        {
            // Pad over the previous, possibly longer, line instead of clearing it (no terminal escape codes needed).
            _error.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else
        {
            _error.WriteLine(line);
        }

        _error.Flush();
        Printed = true;
    }

    /// <summary>Ends the overwritten line, so what follows starts on a line of its own.</summary>
    public void Complete()
    {
        if (_overwrite && Printed)
        {
            _error.WriteLine();
        }
    }

    private static string Percent(long done, long total) =>
        total <= 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100, done * 100 / total),3} % ");
}
