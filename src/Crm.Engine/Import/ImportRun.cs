using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Crm.Engine;

/// <summary>Holds the counters, errors and reject writer of one import.</summary>
internal sealed class ImportRun : IDisposable
{
    private readonly List<ImportRowError> _errors = [];
    private readonly IProgress<ImportProgress>? _progress;
    private readonly CsvReader _reader;
    private readonly CsvWriter? _rejects;
    private long? _charCount;

    public ImportRun(CsvImportOptions options, string[] header, IProgress<ImportProgress>? progress, CsvReader reader)
    {
        Options = options;
        Header = header;
        _progress = progress;
        _reader = reader;
        if (options.RejectWriter is { } writer)
        {
            _rejects = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = options.Delimiter }, leaveOpen: true);
            foreach (var column in header)
            {
                _rejects.WriteField(column);
            }

            _rejects.WriteField("_row");
            _rejects.WriteField("_error");
            _rejects.NextRecord();
        }
    }

    public CsvImportOptions Options { get; }

    public string[] Header { get; }

    public long RowsRead { get; private set; }

    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Rejected { get; private set; }

    /// <summary>
    /// Takes over how far a reader on another thread has got (rows read, characters consumed): the customer import
    /// prepares rows ahead of the writer, which reports the progress of the rows it has handled.
    /// </summary>
    public void Consumed(long rowsRead, long charCount)
    {
        RowsRead = rowsRead;
        _charCount = charCount;
    }

    /// <summary>Counts a data row and returns its spreadsheet row number (header = 1).</summary>
    public long NextRow()
    {
        RowsRead++;
        return _reader.Parser.Row;
    }

    public void Reject(CsvReader reader, long row, IReadOnlyList<ImportRowError> errors) => Reject(reader.Parser.Record ?? [], row, errors);

    public void Reject(string[] raw, long row, IReadOnlyList<ImportRowError> errors)
    {
        Rejected++;
        foreach (var error in errors)
        {
            if (_errors.Count < Options.MaxReportedErrors)
            {
                _errors.Add(error);
            }
        }

        if (_rejects is not null)
        {
            foreach (var field in raw)
            {
                _rejects.WriteField(field);
            }

            for (var i = raw.Length; i < Header.Length; i++)
            {
                _rejects.WriteField("");
            }

            _rejects.WriteField(row.ToString(CultureInfo.InvariantCulture));
            _rejects.WriteField(string.Join(" | ", errors.Select(e => $"{e.Column ?? e.Field}: {e.Message} [{e.Rule}]")));
            _rejects.NextRecord();
        }
    }

    public void Report()
    {
        _rejects?.Flush();
        _progress?.Report(new ImportProgress(RowsRead, Inserted, Updated, Rejected, _charCount ?? _reader.Parser.CharCount));
    }

    public ImportResult Result() => new(RowsRead, Inserted, Updated, Rejected, [.. _errors.OrderBy(e => e.Row)]);

    public void Dispose() => _rejects?.Dispose();
}
