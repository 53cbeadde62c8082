namespace Crm.Engine;

/// <summary>
/// Configures a CSV import: how columns map to fields, how rows find existing customers, batch size and the reject file.
/// </summary>
public sealed record CsvImportOptions
{
    /// <summary>
    /// Gets the column header for each field (<c>firstName</c>, <c>emails</c>, <c>attributes.plan</c>, ...). Fields not listed
    /// are read from a column of the same name (case-insensitive), so a file whose headers are field names needs no mapping.
    /// </summary>
    public IReadOnlyDictionary<string, string> ColumnMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets how rows find the customer they update (customers) or belong to (interactions, purchases).</summary>
    /// <value>The default is <see cref="UpsertKey.ExternalIdThenEmail"/>.</value>
    public UpsertKey UpsertKey { get; init; } = UpsertKey.ExternalIdThenEmail;

    /// <summary>Gets how many good rows are written per transaction.</summary>
    /// <value>The default is 5,000.</value>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>Gets the field delimiter.</summary>
    /// <value>The default is a comma.</value>
    public string Delimiter { get; init; } = ",";

    /// <summary>Gets the separator of several values in one cell (emails, phones, tags).</summary>
    /// <value>The default is <c>;</c>.</value>
    public char ListSeparator { get; init; } = ';';

    /// <summary>Gets where rejected rows are written as CSV (the original columns plus <c>_row</c> and <c>_error</c>), or <see langword="null"/> for none.</summary>
    public TextWriter? RejectWriter { get; init; }

    /// <summary>Gets the most row errors kept in <see cref="ImportResult.Errors"/>; every rejected row still goes to the reject file.</summary>
    /// <value>The default is 1,000.</value>
    public int MaxReportedErrors { get; init; } = 1_000;
}
