using System.IO.Compression;
using Edge.Maintenance.Data;
using Edge.Maintenance.Evaluation;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Edge.TestKit;

namespace Edge.Maintenance.Tests;

/// <summary>
/// Trains on train_FD001 only and judges on test_FD001/RUL_FD001 at the last cycle of each engine. To stay within a few
/// tens of seconds the hyperparameter search uses 2 folds (grouped by engine) and the two cheaper default candidates;
/// the command line (`model train`) cross-validates all candidates on 5 folds.
/// </summary>
public sealed class BenchmarkTargetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-maintenance-").FullName;

    [Fact]
    public void TrainAndEvaluate_Fd001_MeetsRequiredRmseAndScore()
    {
        var trainFile = PublicData.Path("cmapss", "train_FD001.txt");
        var modelPath = Path.Combine(_folder, "fd001.zip");
        var options = new RulTrainingOptions { Folds = 2, Candidates = [RulTrainingOptions.DefaultCandidates[0], RulTrainingOptions.DefaultCandidates[2]] };

        new RulTrainer().Train(CmapssFile.Load(trainFile), trainFile, DataHash.OfFile(trainFile), modelPath, options);
        var bundle = ModelBundle.Load(modelPath);
        var evaluation = RulEvaluator.Evaluate(
            bundle,
            CmapssFile.Load(PublicData.Path("cmapss", "test_FD001.txt")),
            CmapssFile.LoadTruth(PublicData.Path("cmapss", "RUL_FD001.txt")));

        Assert.Equal(100, evaluation.Engines);
        Assert.True(evaluation.Rmse <= 14.0, $"RMSE {evaluation.Rmse:F2} > 14.0");
        Assert.True(evaluation.Score <= 320, $"PHM08 score {evaluation.Score:F1} > 320");
        Assert.True(new FileInfo(modelPath).Length <= 5 * 1024 * 1024, "model file larger than 5 MB");
        Assert.Contains(bundle.Manifest.Hyperparameters, options.Candidates);
    }

    [Fact]
    public void CrossValidate_Ai4i_ReachesRequiredF1()
    {
        var records = Ai4iFile.Load(PublicData.Path("ai4i2020", "ai4i2020.csv"));

        var cv = new FailureClassifierTrainer().CrossValidate(records, new FailureTrainingOptions { Folds = 5, Seed = 42 });

        Assert.Equal(10_000, cv.Pooled.Count);
        Assert.Equal(339, cv.Pooled.Positives);
        Assert.True(cv.Pooled.F1 >= 0.85, $"F1 {cv.Pooled.F1:F3} < 0.85");
        Assert.True(cv.Pooled.PrAuc > 0.8, $"PR-AUC {cv.Pooled.PrAuc:F3}");
    }

    [Fact]
    public void Load_TamperedModelBytes_IsRejectedForChecksum()
    {
        var modelPath = TrainSmallAi4iModel();
        var tampered = Path.Combine(_folder, "tampered.zip");
        File.Copy(modelPath, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(ModelBundle.ModelEntry)!;
            byte[] bytes;
            using (var stream = entry.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            bytes[^10] ^= 0xFF;
            entry.Delete();
            using var replaced = zip.CreateEntry(ModelBundle.ModelEntry).Open();
            replaced.Write(bytes);
        }

        var exception = Assert.Throws<InvalidDataException>(() => ModelBundle.Load(tampered));

        Assert.Contains("checksum", exception.Message);
        Assert.NotNull(ModelBundle.Load(modelPath));
    }

    [Fact]
    public void Load_NotAZip_IsRejected()
    {
        var path = Path.Combine(_folder, "garbage.zip");
        File.WriteAllText(path, "not a model");

        Assert.Throws<InvalidDataException>(() => ModelBundle.Load(path));
    }

    [Fact]
    public void Predict_SavedFailureModel_GivesContributionPerFeature()
    {
        var bundle = ModelBundle.Load(TrainSmallAi4iModel());

        var prediction = bundle.Predict([.. bundle.Manifest.SmokeFeatures]);

        Assert.Equal(bundle.Manifest.FeatureNames.Count, prediction.Contributions.Count);
        Assert.Contains(prediction.Contributions, c => c != 0);
        Assert.InRange(prediction.Value, 0, 1);
    }

    private string TrainSmallAi4iModel()
    {
        var path = Path.Combine(_folder, "ai4i.zip");
        if (!File.Exists(path))
        {
            var data = PublicData.Path("ai4i2020", "ai4i2020.csv");
            var options = new FailureTrainingOptions { Hyperparameters = new TreeHyperparameters(50, 8, 0.1, 10, 1.0, 1023) };
            new FailureClassifierTrainer().Train(Ai4iFile.Load(data), data, DataHash.OfFile(data), path, options);
        }

        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
