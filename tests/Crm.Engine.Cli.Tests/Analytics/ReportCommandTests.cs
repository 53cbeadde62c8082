using System.Text.Json;
using Crm.Engine.Sales;
using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Cli.Tests.Analytics;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-cli-tests", Guid.NewGuid().ToString("N"));

    public ReportCommandTests() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "crm.db");

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

    [Theory]
    [InlineData("html", "<!DOCTYPE html>")]
    [InlineData("json", "{")]
    [InlineData("csv", "section,metric,dimension,start,end,value,note")]
    public async Task Report_EachFormat_WritesTheFileReportsProgressAndExitsZero(string format, string start)
    {
        await SeedAsync();
        var target = Path.Combine(_directory, "report." + format);

        var (exitCode, output) = await CliRunner.RunAsync("report", "--db", Database, "--tenant", "acme", "--from", "2026-01-01", "--to", "2026-04-01", "--format", format, "--out", target, "--churn-days", "31");

        Assert.Equal(0, exitCode);
        Assert.StartsWith(start, await File.ReadAllTextAsync(target), StringComparison.Ordinal);
        Assert.Contains("report: cohorts", output, StringComparison.Ordinal);
        Assert.Contains("written to " + target, output, StringComparison.Ordinal);
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Report_Json_HoldsTheHandComputedKpis()
    {
        await SeedAsync();
        var target = Path.Combine(_directory, "report.json");

        var (exitCode, _) = await CliRunner.RunAsync("report", "--db", Database, "--tenant", "acme", "--from", "2026-01-01", "--to", "2026-04-01", "--format", "json", "--out", target);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(target));
        // Revenue 450 EUR; CAC (300 + 500) / 2 = 400.
        Assert.Equal(450m, json.RootElement.GetProperty("revenue").GetProperty("totals").GetProperty("revenue").GetDecimal());
        Assert.Equal(400m, json.RootElement.GetProperty("acquisition").GetProperty("overall").GetProperty("value").GetDecimal());
    }

    [Theory]
    [InlineData("--from", "yesterday", "--from: 'yesterday' is not a date")]
    [InlineData("--to", "2025-01-01", "the period must end after it starts")]
    [InlineData("--churn-days", "0", "--churn-days: must be a positive number")]
    [InlineData("--currency", "euro", "'euro' is not an ISO 4217 currency code")]
    public async Task Report_BadOption_ExitsTwoNamingTheProblem(string option, string value, string expected)
    {
        await SeedAsync();
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["--from"] = "2026-01-01", ["--to"] = "2026-04-01" };
        args[option] = value;
        var target = Path.Combine(_directory, "report.html");

        var (exitCode, output) = await CliRunner.RunAsync(["report", "--db", Database, "--tenant", "acme", "--out", target, .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Report_Pipeline_AddsItsVelocitySection()
    {
        var pipeline = await SeedAsync();
        var target = Path.Combine(_directory, "report.json");

        var (exitCode, output) = await CliRunner.RunAsync("report", "--db", Database, "--tenant", "acme", "--from", "2026-01-01", "--to", "2026-04-01", "--format", "json", "--out", target, "--pipeline", pipeline.ToString());

        Assert.Equal(0, exitCode);
        Assert.Contains("report: pipeline velocity", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(target));
        var velocity = json.RootElement.GetProperty("pipelineVelocity");
        Assert.Equal(pipeline, velocity.GetProperty("pipelineId").GetGuid());
        // The pipeline has no deals: no closed deal, so velocity is undefined and says why.
        Assert.Equal("closedDeals is 0", velocity.GetProperty("velocity").GetProperty("undefinedReason").GetString());
    }

    [Theory]
    [InlineData("not-a-guid", "--pipeline: 'not-a-guid' is not a pipeline id")]
    [InlineData("0190d2a4-7c1e-7b3a-9f00-000000000001", "no pipeline has the id 0190d2a4-7c1e-7b3a-9f00-000000000001")]
    public async Task Report_BadPipeline_ExitsTwoNamingIt(string pipeline, string expected)
    {
        await SeedAsync();
        var target = Path.Combine(_directory, "report.json");

        var (exitCode, output) = await CliRunner.RunAsync("report", "--db", Database, "--tenant", "acme", "--from", "2026-01-01", "--to", "2026-04-01", "--out", target, "--pipeline", pipeline);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Report_MissingDatabase_ExitsTwoWithoutCreatingIt()
    {
        var (exitCode, output) = await CliRunner.RunAsync("report", "--db", Database, "--tenant", "acme", "--from", "2026-01-01", "--to", "2026-04-01", "--out", Path.Combine(_directory, "r.html"));

        Assert.Equal(2, exitCode);
        Assert.Contains("the database does not exist", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    /// <summary>Seeds the analytics data set and an empty sales pipeline; returns the pipeline's id.</summary>
    private async Task<Guid> SeedAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Database);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ICrmEngine>().InitializeAsync();
        var session = await provider.GetRequiredService<IStorageProvider>().OpenSessionAsync("acme", CancellationToken.None);
        await using (session)
        {
            await AnalyticsDataSet.SeedAsync(session);
            var pipeline = await session.Sales.SavePipelineAsync(
                new Pipeline
                {
                    Id = Guid.NewGuid(),
                    TenantId = "acme",
                    Name = "New business",
                    Stages = [new("open", "Open", 20), new("won", "Won", 100, DealStatus.Won), new("lost", "Lost", 0, DealStatus.Lost)],
                },
                CancellationToken.None);
            return pipeline.Id;
        }
    }
}
