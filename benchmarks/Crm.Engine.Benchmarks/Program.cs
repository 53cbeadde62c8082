using BenchmarkDotNet.Running;

// Run one class with: dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- --filter '*BulkInsert*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
