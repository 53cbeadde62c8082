using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Crm.Engine.Benchmarks.Campaigns;

/// <summary>
/// One in-process job: 1 warm-up and 5 measured iterations of one operation each (the operations take seconds), and
/// no child process to build, so a run on a shared machine starts within the minute.
/// </summary>
internal sealed class CampaignBenchmarkConfig : ManualConfig
{
    public CampaignBenchmarkConfig() =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
            .WithId("InProcessMonitoring"));
}
