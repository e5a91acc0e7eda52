using System.Diagnostics;
using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>
/// The held-out benchmark of the simulated plant: train on one plant (training seed, machines <c>hist-NN</c>), then
/// score a different plant (held-out seed, machines <c>held-NN</c>, never seen in training or in tuning the physics)
/// the way the gateway serves the model, and measure its alerts against that plant's ground-truth failures.
/// </summary>
public static class PlantBenchmark
{
    public static PlantBenchmarkResult Run(PlantBenchmarkOptions options, string directory, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(directory);
        var watch = Stopwatch.StartNew();
        var training = PlantHistoryGenerator.Generate(new PlantHistoryOptions
        {
            Machines = options.Machines,
            Days = options.Days,
            Seed = options.TrainingSeed,
        });
        var heldOut = PlantHistoryGenerator.Generate(new PlantHistoryOptions
        {
            Machines = options.HeldOutMachines,
            Days = options.HeldOutDays,
            Seed = options.HeldOutSeed,
            MachinePrefix = "held-",
        });
        PlantHistoryGenerator.Write(training, Path.Combine(directory, "training"));
        PlantHistoryGenerator.Write(heldOut, Path.Combine(directory, "held-out"));
        var generateSeconds = watch.Elapsed.TotalSeconds;
        log?.WriteLine($"generated training plant ({training.Rows.Count:N0} rows, {training.Failures.Count()} failures) and held-out plant ({heldOut.Rows.Count:N0} rows, {heldOut.Failures.Count()} failures) in {generateSeconds:0.0} s");

        var modelPath = Path.Combine(directory, "plant.zip");
        var result = new HistoryTrainer(seed: options.TrainingSeed).Train(
            PlantHistoryData.From(training),
            new HistoryTrainingOptions { Folds = options.Folds, Horizon = TimeSpan.FromHours(options.HorizonHours) },
            modelPath);
        var trainSeconds = watch.Elapsed.TotalSeconds - generateSeconds;
        log?.WriteLine($"trained in {trainSeconds:0.0} s; out-of-fold: recall {result.OutOfFoldAlerts.Recall:0.000}, false alerts/machine-month {result.OutOfFoldAlerts.FalseAlertsPerMachineMonth:0.00}");

        var evaluation = PlantEvaluation.Evaluate(HistoryModel.Load(modelPath), heldOut);
        var m = evaluation.Alerts;
        return new PlantBenchmarkResult(
            options,
            training.Failures.Count(),
            m.Machines,
            m.Failures,
            m.Caught,
            Math.Round(m.Recall, 4),
            Math.Round(m.Precision, 4),
            Math.Round(m.FalseAlertsPerMachineMonth, 4),
            Math.Round(m.MedianLeadHours, 1),
            Math.Round(m.AlertsPerMachineDay, 4),
            Math.Round(evaluation.IntervalCoverage, 4),
            Math.Round(result.OutOfFoldAlerts.Recall, 4),
            Math.Round(result.OutOfFoldAlerts.FalseAlertsPerMachineMonth, 4),
            Math.Round(generateSeconds, 1),
            Math.Round(trainSeconds, 1),
            result.Model.Version);
    }
}
