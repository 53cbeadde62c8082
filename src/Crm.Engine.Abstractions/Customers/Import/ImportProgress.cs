namespace Crm.Engine;

/// <summary>
/// Reports how far an import or export has come; sent after every batch and at the end.
/// </summary>
/// <param name="RowsRead">Data rows read so far (header excluded).</param>
/// <param name="Inserted">Records inserted.</param>
/// <param name="Updated">Records updated (customer upserts).</param>
/// <param name="Rejected">Rows rejected.</param>
/// <param name="CharactersRead">Characters of the input consumed (for a percentage against the file length; equals bytes for ASCII files).</param>
public readonly record struct ImportProgress(long RowsRead, long Inserted, long Updated, long Rejected, long CharactersRead);
