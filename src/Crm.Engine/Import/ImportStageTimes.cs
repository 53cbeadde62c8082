using System.Diagnostics;

namespace Crm.Engine;

/// <summary>
/// Where an import's time goes, per stage (stopwatch ticks summed over all rows or batches). Off unless the import
/// benchmark turns it on; each stage is timed by the one thread that runs it, so the sums need no locking.
/// </summary>
internal static class ImportStageTimes
{
    /// <summary>CsvHelper reading a record (preparing stage).</summary>
    public static long Parse;

    /// <summary>Upsert key, mapping, normalization and validation of each row (preparing stage).</summary>
    public static long Prepare;

    /// <summary>Sorting prepared rows into the batch, with the upsert lookups when the tenant has customers (writer).</summary>
    public static long Lookup;

    /// <summary>Inserting and updating the customer rows (writer).</summary>
    public static long WriteCustomers;

    /// <summary>Building and appending the audit records (writer).</summary>
    public static long WriteAudit;

    /// <summary>Beginning and committing the batch transactions (writer).</summary>
    public static long Commit;

    /// <summary>Gets or sets whether the stages are timed.</summary>
    public static bool Enabled { get; set; }

    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Stop(ref long stage, long started)
    {
        if (Enabled)
        {
            stage += Stopwatch.GetTimestamp() - started;
        }
    }

    public static void Reset() => Parse = Prepare = Lookup = WriteCustomers = WriteAudit = Commit = 0;

    /// <summary>Describes the sums as seconds per stage.</summary>
    public static string Describe()
    {
        static string S(long ticks) => (ticks / (double)Stopwatch.Frequency).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "s";
        return $"parse={S(Parse)} prepare={S(Prepare)} lookup={S(Lookup)} write-customers={S(WriteCustomers)} write-audit={S(WriteAudit)} commit={S(Commit)}";
    }
}
