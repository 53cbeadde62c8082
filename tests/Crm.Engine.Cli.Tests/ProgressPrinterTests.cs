using Crm.Engine.Cli.Customers;
using Crm.Engine.Testing.Time;

namespace Crm.Engine.Cli.Tests;

public sealed class ProgressPrinterTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_LineMode_QuietForTheFirstIntervalThenAtMostOncePerInterval()
    {
        var time = new ManualTimeProvider(Start);
        var error = new StringWriter();
        var printer = new ProgressPrinter(error, time, TimeSpan.FromSeconds(1), overwrite: false, ProgressPrinter.Import(fileLength: 1_000));

        printer.Report(new ImportProgress(5_000, 5_000, 0, 0, 100));
        time.Advance(TimeSpan.FromSeconds(1));
        printer.Report(new ImportProgress(10_000, 9_990, 0, 10, 250));
        printer.Report(new ImportProgress(15_000, 14_990, 0, 10, 400));
        time.Advance(TimeSpan.FromSeconds(1.5));
        printer.Report(new ImportProgress(20_000, 19_000, 990, 10, 1_000));
        printer.Complete();

        Assert.True(printer.Printed);
        Assert.Equal(
            [" 25 % 10,000 rows read: 9,990 inserted, 0 updated, 10 rejected", "100 % 20,000 rows read: 19,000 inserted, 990 updated, 10 rejected", ""],
            error.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public void Report_OverwriteMode_RewritesOneLineAndEndsItOnComplete()
    {
        var time = new ManualTimeProvider(Start);
        var error = new StringWriter();
        var printer = new ProgressPrinter(error, time, TimeSpan.FromSeconds(1), overwrite: true, ProgressPrinter.Export(total: 2_000));

        time.Advance(TimeSpan.FromSeconds(2));
        printer.Report(new ImportProgress(1_000, 0, 0, 0, 0));
        time.Advance(TimeSpan.FromSeconds(2));
        printer.Report(new ImportProgress(2_000, 0, 0, 0, 0));
        printer.Complete();

        Assert.Equal("\r 50 % 1,000 of 2,000 customers written\r100 % 2,000 of 2,000 customers written" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Complete_ShortRun_PrintsNothing()
    {
        var error = new StringWriter();
        var printer = new ProgressPrinter(error, new ManualTimeProvider(Start), TimeSpan.FromSeconds(1), overwrite: true, ProgressPrinter.Export(total: 10));

        printer.Report(new ImportProgress(10, 0, 0, 0, 0));
        printer.Complete();

        Assert.False(printer.Printed);
        Assert.Equal("", error.ToString());
    }
}
