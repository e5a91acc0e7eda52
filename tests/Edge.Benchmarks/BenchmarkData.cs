using Edge.Maintenance.Data;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;

namespace Edge.Benchmarks;

/// <summary>
/// Shared data of the maintenance benchmarks: the repository's C-MAPSS <b>training</b> file (never the test
/// split) and a small remaining-life model trained from it with few trees and two folds, so a benchmark's set-up
/// stays quick. The model is trained once per process and kept in a temporary folder.
/// </summary>
internal static class BenchmarkData
{
    private static readonly Lazy<(ModelBundle Bundle, string Path)> s_model = new(TrainQuickModel);

    /// <summary>The folder holding <c>Edge.sln</c>, found by walking up from the program's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The repository's gzipped copy (<c>data/cmapss</c>); the loaders read it without unpacking.</summary>
    public static string CmapssTrainingFile => Path.Combine(RepositoryRoot, "data", "cmapss", "train_FD001.txt.gz");

    /// <summary>A remaining-life model (FastTree, 40 trees) on every varying C-MAPSS channel, as the gateway serves it.</summary>
    public static ModelBundle QuickModel => s_model.Value.Bundle;

    /// <summary>Where <see cref="QuickModel"/> was saved (a model bundle zip).</summary>
    public static string QuickModelPath => s_model.Value.Path;

    public static IReadOnlyList<CmapssEngine> TrainingEngines() => CmapssFile.Load(CmapssTrainingFile);

    private static (ModelBundle, string) TrainQuickModel()
    {
        var file = CmapssTrainingFile;
        var directory = Directory.CreateTempSubdirectory("edge-bench-model-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        var path = Path.Combine(directory, "cmapss-rul.zip");
        var options = new RulTrainingOptions
        {
            Folds = 2,
            Candidates = [new TreeHyperparameters(Trees: 40, Leaves: 16, LearningRate: 0.1, MinimumExamplesPerLeaf: 50, FeatureFraction: 0.5)],
        };
        new RulTrainer().Train(TrainingEngines(), file, DataHash.OfFile(file), path, options);
        // Loaded back as the gateway loads it (checksum, smoke prediction), not the trainer's in-memory copy.
        return (ModelBundle.Load(path), path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Edge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Edge.sln above {AppContext.BaseDirectory}.");
    }
}
