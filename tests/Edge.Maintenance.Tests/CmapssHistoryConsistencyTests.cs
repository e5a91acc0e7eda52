using System.Globalization;
using Edge.Maintenance.Data;
using Edge.Maintenance.Evaluation;
using Edge.Maintenance.History;
using Edge.Maintenance.Metrics;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Edge.TestKit;
using Xunit.Abstractions;

namespace Edge.Maintenance.Tests;

/// <summary>
/// C-MAPSS FD001 through the generic history path (engine = machine, cycle n = base + n hours, a failure event at the
/// last cycle) against the dedicated cmapss path, with the same channels, rolling features, cap (125), folds and
/// candidates; both judged once on test_FD001 + RUL_FD001 at each test engine's last cycle.
/// </summary>
public sealed class CmapssHistoryConsistencyTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset s_base = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-fd001-history-").FullName;

    [Fact]
    public void Fd001_GenericPath_RmseWithinOneOfTheDedicatedPath()
    {
        var trainFile = PublicData.Path("cmapss", "train_FD001.txt");
        var engines = CmapssFile.Load(trainFile);
        var test = CmapssFile.Load(PublicData.Path("cmapss", "test_FD001.txt"));
        var truth = CmapssFile.LoadTruth(PublicData.Path("cmapss", "RUL_FD001.txt"));
        var candidates = new[] { RulTrainingOptions.DefaultCandidates[0], RulTrainingOptions.DefaultCandidates[2] };
        var dedicatedOptions = new RulTrainingOptions { Folds = 2, Candidates = candidates };
        var channels = RulTrainer.VaryingChannels(engines);

        new RulTrainer().Train(engines, trainFile, DataHash.OfFile(trainFile), Path.Combine(_folder, "dedicated.zip"), dedicatedOptions with { Channels = channels });
        var dedicated = RulEvaluator.Evaluate(ModelBundle.Load(Path.Combine(_folder, "dedicated.zip")), test, truth);

        var historyOptions = new HistoryTrainingOptions
        {
            Horizon = TimeSpan.FromHours(30),
            RemainingLifeCap = 125,
            Step = TimeSpan.FromHours(1),
            Rolling = dedicatedOptions.Features with { Elapsed = false },
            Folds = 2,
            Candidates = candidates,
            TimeSplit = false,
            Normalize = false,
            MaximumTrainingRows = 100_000,
        };
        var result = new HistoryTrainer().Train(ToHistory(engines, channels, withFailures: true), historyOptions, Path.Combine(_folder, "history.zip"));
        var model = HistoryModel.Load(Path.Combine(_folder, "history.zip"));
        var predicted = LastCyclePredictions(model, ToHistory(test, channels, withFailures: false));
        var rmse = RulMetrics.RootMeanSquaredError([.. predicted.Select(p => p.Value)], [.. truth]);
        var covered = Enumerable.Range(0, test.Count).Count(i => Math.Min(truth[i], 125) >= predicted[i].Lower && Math.Min(truth[i], 125) <= predicted[i].Upper);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FD001 test RMSE: dedicated {dedicated.Rmse:F2}, generic {rmse:F2} (gap {rmse - dedicated.Rmse:+0.00;-0.00}); generic CV RMSE {model.Manifest.Metrics["cvRemainingLifeRmse"]:F2}, 90% interval coverage on the test engines (capped truth) {covered / (double)test.Count:F2}; training {result.Elapsed.TotalSeconds:F0} s"));
        Assert.True(Math.Abs(rmse - dedicated.Rmse) <= 1.0, $"generic {rmse:F2} vs dedicated {dedicated.Rmse:F2}");
    }

    internal static HistoryData ToHistory(IReadOnlyList<CmapssEngine> engines, IReadOnlyList<string> channels, bool withFailures)
    {
        var indexes = RulTrainer.ChannelIndexes(channels);
        var machines = engines.Select(e => new MachineHistory(
            $"engine-{e.Unit}",
            [.. e.Cycles.Select(c => s_base.AddHours(c))],
            [.. e.Rows.Select(row => indexes.Select(i => row[i]).ToArray())])).ToList();
        var failures = withFailures
            ? engines.Select(e => new MachineEvent(s_base.AddHours(e.LastCycle), $"engine-{e.Unit}", MachineEventKinds.Failure, "end-of-life")).ToList()
            : [];
        return new HistoryData(channels, machines, failures) { DataSha256 = "fd001" };
    }

    private static (double Value, double Lower, double Upper)[] LastCyclePredictions(HistoryModel model, HistoryData data) =>
    [
        .. data.Machines.Select(machine =>
        {
            var state = model.CreateState();
            for (var r = 0; r < machine.Timestamps.Length; r++)
            {
                state.Push(machine.Timestamps[r], machine.Rows[r]);
            }

            var prediction = model.Predict(state);
            return (prediction.RemainingLife!.Value, prediction.Lower!.Value, prediction.Upper!.Value);
        }),
    ];

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
