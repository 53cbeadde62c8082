using Crm.Engine.Conditions;

namespace Crm.Engine;

/// <summary>
/// Imports customers, interactions and purchases from CSV and exports customers to CSV. Good rows are stored in
/// batches even when other rows are bad; bad rows are reported with row and column and written to a reject file.
/// </summary>
public interface ICsvTransferService
{
    /// <summary>Imports records from CSV.</summary>
    /// <param name="kind">What the file holds.</param>
    /// <param name="csv">The CSV text with a header row.</param>
    /// <param name="options">The mapping and settings, or <see langword="null"/> for defaults.</param>
    /// <param name="progress">Receives progress after every batch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the import; batches already committed stay.</param>
    /// <returns>The counts and row errors.</returns>
    Task<ImportResult> ImportAsync(ImportKind kind, TextReader csv, CsvImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Writes customers as CSV, streaming page by page in constant memory.</summary>
    /// <param name="output">Receives the CSV.</param>
    /// <param name="filter">Which customers, or <see langword="null"/> for all.</param>
    /// <param name="progress">Receives progress (rows written as <see cref="ImportProgress.RowsRead"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The number of customers written.</returns>
    Task<long> ExportCustomersAsync(TextWriter output, Condition? filter = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default);
}
