using System.Diagnostics;
using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>
/// The demo's model: months of history of other machines of the same kind (generated from <see cref="DemoOptions.HistorySeed"/>,
/// written as the history CSV files a plant would export), trained with the same trainer as <c>model train --dataset
/// history</c>, written into the gateway's models folder before the gateway starts. A model already there for the same
/// history (same file name) is reused, so a restart of the demo does not train again.
/// </summary>
internal static class DemoPlantModel
{
    public static async Task<DemoModelInfo> PrepareAsync(DemoOptions options, string data, string modelsDirectory, TextWriter output)
    {
        var name = $"plant-s{options.HistorySeed}-{options.HistoryMachines}x{options.HistoryDays}d.zip";
        var path = Path.Combine(modelsDirectory, name);
        if (File.Exists(path))
        {
            try
            {
                var existing = HistoryModel.Load(path);
                await output.WriteLineAsync($"Model {name} (version {existing.Version}) found in {modelsDirectory}: not trained again.");
                return new DemoModelInfo(path, existing.Version, 0, 0, null);
            }
            catch (InvalidDataException)
            {
                File.Delete(path);
            }
        }

        var watch = Stopwatch.StartNew();
        var history = PlantHistoryGenerator.Generate(new PlantHistoryOptions
        {
            Machines = options.HistoryMachines,
            Days = options.HistoryDays,
            Seed = options.HistorySeed,
        });
        var files = PlantHistoryGenerator.Write(history, Path.Combine(data, "history"));
        var generated = watch.Elapsed;
        await output.WriteLineAsync(
            $"Generated {history.Rows.Count:N0} hourly rows of {options.HistoryMachines} machines over {options.HistoryDays} days " +
            $"({history.Failures.Count()} failures) in {generated.TotalSeconds:0.0} s: {Path.GetDirectoryName(files.Telemetry)}");

        Directory.CreateDirectory(modelsDirectory);

        // Trained next to the history (the model card lands there too) and copied in under a name the gateway's
        // watcher skips (a leading dot), then renamed: it never sees half a file.
        var trainedPath = Path.Combine(Path.GetDirectoryName(files.Telemetry)!, name);
        var result = new HistoryTrainer(seed: options.HistorySeed).Train(
            PlantHistoryData.From(history),
            new HistoryTrainingOptions
            {
                Folds = options.TrainingFolds,
                Candidates = [HistoryTrainingOptions.DefaultCandidates[0]],
                MaximumTrainingRows = options.TrainingRows,
            },
            trainedPath);
        var staging = Path.Combine(modelsDirectory, "." + name);
        File.Copy(trainedPath, staging, overwrite: true);
        File.Move(staging, path, overwrite: true);
        var trained = watch.Elapsed - generated;
        var quality = result.OutOfFoldAlerts;
        await output.WriteLineAsync(
            $"Trained {name} (version {result.Model.Version}) in {trained.TotalSeconds:0.0} s; cross-validated on the history: " +
            $"recall {quality.Recall:0.00}, {quality.FalseAlertsPerMachineMonth:0.00} false alerts per machine-month, median lead {quality.MedianLeadHours:0} h.");
        return new DemoModelInfo(path, result.Model.Version, generated.TotalSeconds, trained.TotalSeconds, quality);
    }
}
