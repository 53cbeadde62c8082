using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>
/// Runs a class in the host process (so every class and method shares one loaded <see cref="PostgresSegmentData"/>
/// database) with a short job, and a one-hour limit instead of the in-process toolchain's default 5 minutes, which a
/// 1M-customer load alone exceeds.
/// </summary>
internal sealed class PostgresInProcessConfig : ManualConfig
{
    public PostgresInProcessConfig() =>
        AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithId("ShortInProcess"));
}
