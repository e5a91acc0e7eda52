using System.Globalization;
using Edge.Maintenance.History;
using Xunit.Abstractions;

namespace Edge.Maintenance.Tests;

/// <summary>Trains on one synthetic plant and judges on another seed with other machines (never seen in training).</summary>
public sealed class HistoryTrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-history-").FullName;

    [Fact]
    public void Train_SyntheticPlant_HeldOutSeedAlertsBeforeFailuresWithCalibratedProbability()
    {
        var training = SyntheticPlant.Generate(16, TimeSpan.FromDays(150), seed: 1);
        var heldOut = SyntheticPlant.Generate(8, TimeSpan.FromDays(120), seed: 99, prefix: "h");
        var path = Path.Combine(_folder, "plant.zip");

        var result = new HistoryTrainer().Train(training, HistoryTrainingOptions.Fast, path);
        var model = HistoryModel.Load(path);
        var evaluation = HistoryEvaluator.Evaluate(model, heldOut);

        var e = evaluation.Events;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train {result.Elapsed.TotalSeconds:F1} s rows {result.TrainingRows}; held out: failures {e.Failures} recall {e.Recall:F3} precision {e.Precision:F3} lead {e.MedianLeadHours:F1} h FA/machine-month {e.FalseAlertsPerMachineMonth:F2} alerts/machine-day {e.AlertsPerMachineDay:F3} rmse {evaluation.RemainingLifeRmse:F1} coverage {evaluation.IntervalCoverage:F3} brier {evaluation.Brier:F4} threshold {model.DecisionThreshold:F3}"));
        foreach (var (key, value) in model.Manifest.Metrics)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key} = {value:F4}"));
        }

        Assert.True(HistoryModel.IsHistoryModel(path));
        Assert.True(e.Failures >= 10, $"only {e.Failures} failures in the held-out plant");
        Assert.True(e.Recall >= 0.6, $"recall {e.Recall:F3}");
        Assert.True(e.FalseAlertsPerMachineMonth <= 2.0, $"false alerts per machine-month {e.FalseAlertsPerMachineMonth:F2}");
        Assert.True(evaluation.Brier < 0.1, $"Brier {evaluation.Brier:F4}");
        Assert.InRange(evaluation.IntervalCoverage, 0.75, 0.99);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
