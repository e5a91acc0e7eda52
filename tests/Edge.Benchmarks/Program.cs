using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Measure (Release):  dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*' --job short
// Smoke (any build):  dotnet run --project tests/Edge.Benchmarks -- --filter '*' --job dry --inProcess
IConfig config = DefaultConfig.Instance;
#if DEBUG
// CI smoke-runs the Debug build it already has, only to prove every benchmark still runs; Debug figures mean nothing.
Console.WriteLine("Debug build: figures are not meaningful; use -c Release to measure.");
config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
#endif
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Edge.Benchmarks.TelemetryParserBenchmarks).Assembly).Run(args, config);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
