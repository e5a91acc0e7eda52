using System.Diagnostics;
using System.Globalization;
using Edge.Maintenance.History;
using Edge.TestKit;
using Xunit.Abstractions;

namespace Edge.Maintenance.Tests;

/// <summary>
/// Issue 15's training figure: 100 machines x 1 year of hourly rows (~860k rows after the synthetic plant's dropped
/// rows and repairs), CSV read and training with the default options (5 folds, the default grid), then the model judged
/// on a held-out plant (another seed, other machines). Prints wall and CPU time; asserts no speed.
/// Run: <c>EDGE_MEASURE=1 dotnet test tests/Edge.Maintenance.Tests -c Release --filter HistoryTrainingBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class HistoryTrainingBenchmark(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-history-bench-").FullName;

    [MeasurementFact("EDGE_MEASURE")]
    public void Train_100MachinesOneYearHourly_PrintsTimeAndHeldOutFigures()
    {
        var telemetry = Path.Combine(_folder, "T.csv");
        var events = Path.Combine(_folder, "E.csv");
        var machines = Path.Combine(_folder, "M.csv");
        SyntheticPlant.WriteCsv(SyntheticPlant.Generate(100, TimeSpan.FromDays(365), seed: 1), telemetry, events, machines);
        var heldOut = SyntheticPlant.Generate(20, TimeSpan.FromDays(180), seed: 77, start: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), prefix: "h");

        foreach (var normalize in new[] { true, false })
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var data = HistoryCsv.Read(telemetry, events, machines);
            var read = wall.Elapsed;
            var path = Path.Combine(_folder, $"plant-{normalize}.zip");
            var result = new HistoryTrainer().Train(data, new HistoryTrainingOptions { Normalize = normalize }, path);
            wall.Stop();
            process.Refresh();
            var evaluation = HistoryEvaluator.Evaluate(HistoryModel.Load(path), heldOut);
            var e = evaluation.Events;
            var m = result.Model.Manifest.Metrics;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"normalize={normalize}: {data.RowCount:N0} rows, {data.Machines.Count} machines, {m["failures"]} failures; read {read.TotalSeconds:F1} s, read+train {wall.Elapsed.TotalSeconds:F1} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F1} s CPU, peak working set {process.PeakWorkingSet64 / 1048576} MB; training rows {result.TrainingRows:N0} (stride {m["stride"]}); model {new FileInfo(path).Length:N0} bytes"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  out-of-fold: Brier {m["cvBrier"]:F4}, RMSE {m["cvRemainingLifeRmse"]:F1} h, coverage {m["cvIntervalCoverage"]:F3}, recall {m["cvRecall"]:F3}, FA/machine-month {m["cvFalseAlertsPerMachineMonth"]:F2}, threshold {result.Model.DecisionThreshold:F3}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held-out plant (seed 77, 20 machines x 180 days): failures {e.Failures}, recall {e.Recall:F3}, precision {e.Precision:F3}, F1 {e.F1:F3}, median lead {e.MedianLeadHours:F1} h, false alerts/machine-month {e.FalseAlertsPerMachineMonth:F2}, alerts/machine-day {e.AlertsPerMachineDay:F3}, RMSE {evaluation.RemainingLifeRmse:F1} h, coverage {evaluation.IntervalCoverage:F3}, Brier {evaluation.Brier:F4}"));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
