// Not built in this branch: see README.md. Target: src/Crm.Engine.Cli/Commands/CustomerData/.
using System.ComponentModel;
using Crm.Engine;
using Crm.Engine.Conditions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Crm.Engine.Cli.Commands.CustomerData;

/// <summary>Implements <c>crm export customers &lt;file&gt;</c>: streams customers to CSV with a progress display.</summary>
internal sealed class ExportCustomersCommand(ICrmEngine engine) : AsyncCommand<ExportCustomersCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<file>")]
        [Description("The CSV file to write.")]
        public string File { get; init; } = "";

        [CommandOption("-t|--tenant <TENANT>")]
        public string Tenant { get; init; } = "default";

        [CommandOption("-w|--where <JSON>")]
        [Description("A condition (docs/conditions.md) selecting the customers; all when omitted.")]
        public string? Where { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings)
    {
        var crm = engine.ForCaller(CrmCaller.System(settings.Tenant));
        var filter = settings.Where is null ? null : ConditionParser.Parse(settings.Where, SegmentFields.Customer, "--where");
        var total = await crm.Customers.CountAsync(filter);
        await using var writer = new StreamWriter(settings.File);
        long written = 0;

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask("Exporting customers", maxValue: Math.Max(1, total));
                var progress = new Progress<ImportProgress>(p => task.Value = p.RowsRead);
                written = await crm.Csv.ExportCustomersAsync(writer, filter, progress);
                task.Value = task.MaxValue;
            });

        AnsiConsole.MarkupLineInterpolated($"[green]{written:N0} customers[/] written to {settings.File}.");
        return 0;
    }
}
