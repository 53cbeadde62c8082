namespace Crm.Engine;

/// <summary>
/// Summarizes a finished import.
/// </summary>
/// <param name="RowsRead">Data rows read.</param>
/// <param name="Inserted">Records inserted.</param>
/// <param name="Updated">Customers updated.</param>
/// <param name="Rejected">Rows rejected (written to the reject file).</param>
/// <param name="Errors">The row errors, up to <see cref="CsvImportOptions.MaxReportedErrors"/>.</param>
public sealed record ImportResult(long RowsRead, long Inserted, long Updated, long Rejected, IReadOnlyList<ImportRowError> Errors);
