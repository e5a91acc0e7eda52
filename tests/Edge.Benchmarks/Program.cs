using BenchmarkDotNet.Running;

// Examples: dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*' --job short
//           dotnet run -c Release --project tests/Edge.Benchmarks -- --filter '*Parser*' --job dry
BenchmarkSwitcher.FromAssembly(typeof(Edge.Benchmarks.TelemetryParserBenchmarks).Assembly).Run(args);
