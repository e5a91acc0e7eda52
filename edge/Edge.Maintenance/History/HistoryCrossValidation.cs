using Edge.Maintenance.Models;
using Edge.Maintenance.Training;

namespace Edge.Maintenance.History;

/// <summary>
/// Cross-validation of the grid for each head: fold k fits on the machines outside group k (before the time cut, with
/// labels as known at the cut, when splitting by time) and scores group k's rows (after the cut). Returns every
/// candidate's figures, the best candidate and its out-of-fold scores (NaN where a row was never held out).
/// </summary>
internal sealed class HistoryCrossValidation(
    HistoryFitter fitter,
    HistoryTable table,
    Dictionary<int, int> folds,
    HistoryTrainingOptions options,
    int[] validation,
    bool hasLife,
    IProgress<TrainingProgress>? progress)
{
    private readonly int _foldCount = folds.Values.Max() + 1;
    private int _done;

    private int Total => options.Candidates.Count * _foldCount * (hasLife ? 2 : 1);

    public (List<HistoryCandidateResult> Results, TreeHyperparameters Best, double[] OutOfFold) Classifier()
    {
        var results = new List<HistoryCandidateResult>();
        double[]? bestScores = null;
        HistoryCandidateResult? best = null;
        var trainLabels = options.TimeSplit ? table.FailureAtCut : table.Failure;
        foreach (var candidate in options.Candidates)
        {
            var scores = Nan(table.Count);
            for (var fold = 0; fold < _foldCount; fold++)
            {
                Report();
                var train = Enumerable.Range(0, table.Count).Where(i => folds[table.Machine[i]] != fold && trainLabels[i] >= 0).ToArray();
                var held = validation.Where(i => folds[table.Machine[i]] == fold).ToArray();
                if (held.Length == 0 || !train.Any(i => trainLabels[i] == 1) || !train.Any(i => trainLabels[i] == 0))
                {
                    continue;
                }

                var model = fitter.FitClassifier(table.Features, trainLabels, train, candidate);
                var scored = fitter.Score(model, table.Features, held);
                for (var k = 0; k < held.Length; k++)
                {
                    scores[held[k]] = scored[k];
                }
            }

            var rows = validation.Where(i => table.Failure[i] >= 0 && double.IsFinite(scores[i])).ToArray();
            var labels = rows.Select(i => table.Failure[i] == 1).ToArray();
            var (a, b) = HistoryCalibration.FitPlatt([.. rows.Select(i => scores[i])], labels);
            var brier = rows.Length == 0 ? double.PositiveInfinity : HistoryCalibration.Brier([.. rows.Select(i => HistoryCalibration.Sigmoid(a, b, scores[i]))], labels);
            var result = new HistoryCandidateResult(candidate, brier, double.NaN);
            results.Add(result);
            if (best is null || result.Brier < best.Brier)
            {
                (best, bestScores) = (result, scores);
            }
        }

        return (results, best!.Hyperparameters, bestScores!);
    }

    public (List<HistoryCandidateResult> Results, TreeHyperparameters? Best, double[] OutOfFold) Regressor()
    {
        var results = new List<HistoryCandidateResult>();
        double[]? bestScores = null;
        HistoryCandidateResult? best = null;
        var trainLabels = options.TimeSplit ? table.RemainingLifeAtCut : table.RemainingLife;
        var cap = table.RemainingLife.Where(float.IsFinite).DefaultIfEmpty(0).Max();
        foreach (var candidate in options.Candidates)
        {
            var scores = Nan(table.Count);
            for (var fold = 0; fold < _foldCount; fold++)
            {
                Report();
                var train = Enumerable.Range(0, table.Count).Where(i => folds[table.Machine[i]] != fold && float.IsFinite(trainLabels[i])).ToArray();
                var held = validation.Where(i => folds[table.Machine[i]] == fold).ToArray();
                if (held.Length == 0 || train.Length < 50)
                {
                    continue;
                }

                var model = fitter.FitRegressor(table.Features, trainLabels, train, candidate);
                var scored = fitter.Score(model, table.Features, held);
                for (var k = 0; k < held.Length; k++)
                {
                    scores[held[k]] = Math.Clamp(scored[k], 0, cap);
                }
            }

            var rows = validation.Where(i => float.IsFinite(table.RemainingLife[i]) && double.IsFinite(scores[i])).ToArray();
            var rmse = rows.Length == 0 ? double.PositiveInfinity : Math.Sqrt(rows.Average(i => Math.Pow(scores[i] - table.RemainingLife[i], 2)));
            var result = new HistoryCandidateResult(candidate, double.NaN, rmse);
            results.Add(result);
            if (best is null || result.RemainingLifeRmse < best.RemainingLifeRmse)
            {
                (best, bestScores) = (result, scores);
            }
        }

        return best is null || double.IsPositiveInfinity(best.RemainingLifeRmse) ? (results, null, []) : (results, best.Hyperparameters, bestScores!);
    }

    private void Report() => progress?.Report(new TrainingProgress("cross-validation", _done++, Total));

    private static double[] Nan(int count)
    {
        var values = new double[count];
        Array.Fill(values, double.NaN);
        return values;
    }
}
