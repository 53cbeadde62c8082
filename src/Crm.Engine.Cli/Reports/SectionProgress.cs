using System.Globalization;

namespace Crm.Engine.Cli.Reports;

/// <summary>Prints each report section to stderr as it starts, with the time since the run began.</summary>
/// <remarks>Synchronous, unlike <see cref="Progress{T}"/>, so lines arrive in order and before the summary.</remarks>
internal sealed class SectionProgress(TextWriter error, TimeProvider time) : IProgress<string>
{
    private readonly long _started = time.GetTimestamp();

    public void Report(string value) =>
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {value} ({time.GetElapsedTime(_started).TotalSeconds:0.0} s)"));
}
