using Crm.Engine.Testing.Time;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Cli.Tests;

public sealed class WorkflowCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-cli-tests", Guid.NewGuid().ToString("N"));

    public WorkflowCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files are harmless.
        }
    }

    [Fact]
    public async Task Validate_EverySample_ExitsZeroAndSummarizesEach()
    {
        var files = Directory.GetFiles(CliRunner.Samples, "*.json").Order(StringComparer.Ordinal).ToArray();

        var (exitCode, output) = await CliRunner.RunAsync(["workflow", "validate", .. files]);

        Assert.Equal(0, exitCode);
        Assert.Equal(5, files.Length);
        Assert.Contains("valid: workflow 'lead-lifecycle' version 1 (lead, 7 states, 11 transitions)", output, StringComparison.Ordinal);
        Assert.Contains("valid: workflow 'support-case-sla' version 1 (case", output, StringComparison.Ordinal);
        Assert.Contains("valid: workflow 'support-case'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WorkflowCallingAwardPoints_IsValid()
    {
        // awardPoints is implemented by the engine's loyalty support; the CLI validates against the same built-in list.
        var file = Path.Combine(_directory, "welcome-points.json");
        var json = (await File.ReadAllTextAsync(Path.Combine(CliRunner.Samples, "onboarding-followups.json")))
            .Replace(
                "{ \"action\": \"addTag\", \"params\": { \"tag\": \"onboarding\" } },",
                "{ \"action\": \"awardPoints\", \"params\": { \"points\": 100, \"reason\": \"Welcome bonus\" } },",
                StringComparison.Ordinal);
        Assert.Contains("awardPoints", json, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, json);

        var (exitCode, output) = await CliRunner.RunAsync(["workflow", "validate", file]);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid: workflow 'onboarding-followups'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenFile_PrintsFileLineColumnPathMessageAndExitsOne()
    {
        var broken = Path.Combine(_directory, "broken.json");
        var json = (await File.ReadAllTextAsync(Path.Combine(CliRunner.Samples, "lead-lifecycle.json")))
            .Replace("\"to\": \"converted\"", "\"to\": \"convrted\"", StringComparison.Ordinal)
            .Replace("\"action\": \"assignOwner\"", "\"action\": \"asignOwner\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, json);
        var lines = json.Split('\n');
        var targetLine = Array.FindIndex(lines, l => l.Contains("\"convrted\"", StringComparison.Ordinal)) + 1;

        var (exitCode, output) = await CliRunner.RunAsync("workflow", "validate", broken, Path.Combine(CliRunner.Samples, "deal-pipeline.json"));

        Assert.Equal(1, exitCode);
        Assert.Matches($@"(?m)^{Regex(broken)}\({targetLine},\d+\): \$\.transitions\[10\]\.to: state 'convrted' is not declared in 'states'\. Did you mean 'converted'\?", output);
        Assert.Matches($@"(?m)^{Regex(broken)}\(\d+,\d+\): \$\.states\.qualified\.onEntry\[2\]\.action: unknown action 'asignOwner'\. Did you mean 'assignOwner'\?", output);
        Assert.Contains("deal-pipeline.json: valid", output, StringComparison.Ordinal);
        Assert.Contains("2 error(s) in 1 file(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PluginAction_AcceptedOnlyWhenNamed()
    {
        // A name no built-in action has (sendMessage became one with the channels).
        var file = Path.Combine(_directory, "plugin.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(Path.Combine(CliRunner.Samples, "onboarding-followups.json")))
            .Replace("\"action\": \"createTask\", \"params\": { \"title\": \"First onboarding call\" }", "\"action\": \"postToSlack\", \"params\": { \"channel\": \"#onboarding\" }", StringComparison.Ordinal));

        var (refused, refusedOutput) = await CliRunner.RunAsync("workflow", "validate", file);
        var (accepted, _) = await CliRunner.RunAsync("workflow", "validate", file, "--action", "postToSlack");

        Assert.Equal(1, refused);
        Assert.Contains("unknown action 'postToSlack'", refusedOutput, StringComparison.Ordinal);
        Assert.Equal(0, accepted);
    }

    [Fact]
    public async Task Validate_MissingFile_ReportsItAndExitsOne()
    {
        var (exitCode, output) = await CliRunner.RunAsync("workflow", "validate", Path.Combine(_directory, "nope.json"));

        Assert.Equal(1, exitCode);
        Assert.Contains("nope.json: $: cannot read the file", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mermaid", "stateDiagram-v2", "new --> contacted : contact")]
    [InlineData("dot", "digraph", "\"new\" -> \"contacted\"")]
    public async Task Graph_LeadLifecycle_DrawsTheStateMachine(string format, string header, string edge)
    {
        var (exitCode, output) = await CliRunner.RunAsync("workflow", "graph", Path.Combine(CliRunner.Samples, "lead-lifecycle.json"), "--format", format);

        Assert.Equal(0, exitCode);
        Assert.StartsWith(header, output.TrimStart(), StringComparison.Ordinal);
        Assert.Contains(edge, output, StringComparison.Ordinal);
        Assert.Contains("BANT met", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_UnknownFormat_IsRejectedByTheParser()
    {
        var (exitCode, output) = await CliRunner.RunAsync("workflow", "graph", Path.Combine(CliRunner.Samples, "lead-lifecycle.json"), "--format", "svg");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("svg", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DryRunThenRun_ListsMovesReportsUnmappedAndMoves()
    {
        var database = Path.Combine(_directory, "crm.db");
        var v1 = Path.Combine(CliRunner.Samples, "onboarding-followups.json");
        var instances = await SeedAsync(database, v1);
        var incomplete = await WriteVersion2Async("incomplete.json", """{ "welcome": "welcome" }""");
        var complete = await WriteVersion2Async("complete.json", """{ "welcome": "welcome", "firstFollowUp": "callOne" }""");

        var (dryExit, dryOutput) = await CliRunner.RunAsync("workflow", "migrate", "--database", database, "--workflow", incomplete, "--dry-run");
        Assert.Equal(1, dryExit);
        Assert.Contains("version 1 -> 2 (dry run", dryOutput, StringComparison.Ordinal);
        Assert.Contains($"  {instances[0]}  entity ", dryOutput, StringComparison.Ordinal);
        Assert.Contains("welcome -> welcome", dryOutput, StringComparison.Ordinal);
        Assert.Contains("tenant acme: error: state 'firstFollowUp' holds 1 running instance(s) and is not mapped", dryOutput, StringComparison.Ordinal);

        var (refusedExit, refusedOutput) = await CliRunner.RunAsync("workflow", "migrate", "--database", database, "--workflow", incomplete);
        Assert.Equal(1, refusedExit);
        Assert.Contains("state 'firstFollowUp' of version 1 holds 1 running instance(s) but is not mapped", refusedOutput, StringComparison.Ordinal);

        var (okDryExit, okDryOutput) = await CliRunner.RunAsync("workflow", "migrate", "--database", database, "--workflow", complete, "--dry-run");
        Assert.Equal(0, okDryExit);
        Assert.Contains("firstFollowUp -> callOne", okDryOutput, StringComparison.Ordinal);
        Assert.Contains("2 instance(s) would move in 1 tenant(s).", okDryOutput, StringComparison.Ordinal);

        var (runExit, runOutput) = await CliRunner.RunAsync("workflow", "migrate", "--database", database, "--workflow", complete);
        Assert.Equal(0, runExit);
        Assert.Contains("2 instance(s) moved in 1 tenant(s).", runOutput, StringComparison.Ordinal);
        var (againExit, againOutput) = await CliRunner.RunAsync("workflow", "migrate", "--database", database, "--workflow", complete, "--dry-run");
        Assert.Equal(0, againExit);
        Assert.Contains("0 instance(s) would move", againOutput, StringComparison.Ordinal);

        async Task<string> WriteVersion2Async(string name, string map)
        {
            var json = (await File.ReadAllTextAsync(v1))
                .Replace("\"firstFollowUp\"", "\"callOne\"", StringComparison.Ordinal)
                .Replace("\"version\": 1,", $"\"version\": 2, \"migrateFrom\": {{ \"version\": 1, \"states\": {map} }},", StringComparison.Ordinal);
            var path = Path.Combine(_directory, name);
            await File.WriteAllTextAsync(path, json);
            return path;
        }
    }

    [Fact]
    public async Task Migrate_MissingDatabase_ExitsTwo()
    {
        var (exitCode, output) = await CliRunner.RunAsync("workflow", "migrate", "--database", Path.Combine(_directory, "none.db"), "--workflow", Path.Combine(CliRunner.Samples, "lead-lifecycle.json"), "--dry-run");

        Assert.Equal(2, exitCode);
        Assert.Contains("the database does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_ValidateBrokenAndGraph_ExitCodesAndOutput()
    {
        var broken = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(broken, "{\n  \"schemaVersion\": 1,\n  \"id\": \"Bad Id\"\n}\n");

        var (badExit, badOutput) = await CliRunner.RunProcessAsync("workflow", "validate", broken);
        var (graphExit, graphOutput) = await CliRunner.RunProcessAsync("workflow", "graph", Path.Combine(CliRunner.Samples, "onboarding-followups.json"));

        Assert.Equal(1, badExit);
        Assert.Contains($"{broken}(3,", badOutput, StringComparison.Ordinal);
        Assert.Contains("$.id: 'id' does not match the expected format.", badOutput, StringComparison.Ordinal);
        Assert.Contains("missing required property 'version'", badOutput, StringComparison.Ordinal);
        Assert.Equal(0, graphExit);
        Assert.Contains("stateDiagram-v2", graphOutput, StringComparison.Ordinal);
    }

    /// <summary>Starts two onboarding instances in tenant "acme": one waiting in "welcome", one moved on to "firstFollowUp".</summary>
    private static async Task<Guid[]> SeedAsync(string database, string definition)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).AddWorkflow(definition).ConfigureWorkflows(o => o.RunScheduler = false);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ICrmEngine>();
        var crm = engine.ForTenant("acme");
        var ids = new List<Guid>();
        foreach (var name in new[] { "Waiting", "Called" })
        {
            var customer = await crm.Customers.CreateAsync(new Customer { FirstName = name, Emails = [$"{name.ToLowerInvariant()}@example.com"] });
            ids.Add((await crm.Workflows.StartAsync("onboarding-followups", customer.Id)).Id);
        }

        await crm.Workflows.FireAsync(ids[1], "followUp");
        return [.. ids];
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
