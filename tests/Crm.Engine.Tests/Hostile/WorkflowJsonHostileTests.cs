using Crm.Engine.Workflows;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// 10k seeded mutations of the sample workflow definitions: loading each ends in a definition or a
/// <see cref="CrmValidationException"/> that names where, never another exception or a hang.
/// </summary>
public sealed class WorkflowJsonHostileTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    private static readonly WorkflowDefinitionLoader Loader = WorkflowActions.CreateLoader();

    [Fact]
    public async Task MutatedDefinitions_LoadOrFailWithALocatedValidationError()
    {
        var seeds = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "workflows"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        Assert.NotEmpty(seeds);
        Assert.All(seeds, s => Loader.Load(s)); // the seeds themselves are valid
        var run = new HostileRun("workflow JSON", output);
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (bytes, kind) = HostileMutator.Mutate(seeds[seed % seeds.Length], random);
            var json = HostileMutator.AsText(bytes, random);
            await run.CaseAsync(seed, kind, json, _ =>
            {
                try
                {
                    Assert.NotNull(Loader.Load(json, $"seed-{seed}.json"));
                }
                catch (CrmValidationException e)
                {
                    Assert.NotEmpty(e.Errors);
                    Assert.All(e.Errors, error => Assert.StartsWith("$", error.Path, StringComparison.Ordinal));
                    throw;
                }

                return Task.CompletedTask;
            });
        }

        run.Report();
    }
}
