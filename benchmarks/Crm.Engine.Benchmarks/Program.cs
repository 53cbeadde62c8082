using BenchmarkDotNet.Running;

// Run one class with: dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- --filter '*BulkInsert*'
// The REST API load test (throughput and tail latency under concurrency): ... -- api-load [--seconds 10] [--concurrency 16]
if (args is ["api-load", .. var loadArgs])
{
    return await Crm.Engine.Benchmarks.Hosting.ApiLoadTest.RunAsync(loadArgs);
}

if (args is ["import-cpu", .. var importArgs])
{
    return await Crm.Engine.Benchmarks.CustomerData.ImportCpuRun.RunAsync(importArgs);
}

if (args is ["import-floor", .. var floorArgs])
{
    return await Crm.Engine.Benchmarks.CustomerData.ImportFloorRun.RunAsync(floorArgs);
}

if (args is ["plugin-recreate", .. var probeArgs])
{
    return await Crm.Engine.Benchmarks.Plugins.WarmRecreateRun.RunAsync(probeArgs);
}

if (args is ["analytics-report", .. var reportArgs])
{
    return await Crm.Engine.Benchmarks.Analytics.AnalyticsReportRun.RunAsync(reportArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
