using Edge.Contracts;
using Edge.Maintenance.Data;
using Edge.Maintenance.Models;
using Edge.Maintenance.Serving;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// The per-machine state behind scoring: a model swapped in mid-life must see (nearly) the features it would have seen
/// had it served from the start, whatever the tracker keeps to stay small.
/// </summary>
public sealed class MachineTrackerTests : IClassFixture<MachineTrackerTests.Models>
{
    private const int Unit = 3;
    private readonly Models _models;

    public MachineTrackerTests(Models models)
    {
        _models = models;
    }

    [Fact]
    public void Features_ModelSwappedInWithEnoughHistory_MatchesAModelServingFromTheStart()
    {
        var options = new MaintenanceOptions { HistoryWindows = 30 };
        var fromStart = new MachineTracker(options);
        var swappedIn = new MachineTracker(options);
        float[] expected = [];
        for (var cycle = 1; cycle <= 25; cycle++)
        {
            fromStart.Add(Summary(cycle));
            expected = fromStart.Features(_models.First);
            swappedIn.Add(Summary(cycle));
        }

        var actual = swappedIn.Features(_models.First);

        Assert.Equal(expected.Length, actual.Length);
        for (var f = 0; f < expected.Length; f++)
        {
            // History is kept in single precision: replayed statistics agree to float rounding.
            Assert.Equal(expected[f], actual[f], 1e-3 * Math.Max(1, Math.Abs(expected[f])));
        }
    }

    [Fact]
    public void Features_HistoryShorterThanTheMachinesLife_ElapsedStillCountsEveryWindow()
    {
        var tracker = new MachineTracker(new MaintenanceOptions { HistoryWindows = 5 });
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            tracker.Add(Summary(cycle));
        }

        var features = tracker.Features(_models.First);

        var elapsed = _models.First.Bundle.Manifest.FeatureNames.ToList().IndexOf("elapsed");
        Assert.Equal(40, features[elapsed]);
    }

    [Fact]
    public void Features_RetrainedModelOfTheSameSchema_ContinuesExactlyWhereThePreviousVersionWas()
    {
        var options = new MaintenanceOptions { HistoryWindows = 3 };
        var kept = new MachineTracker(options);
        var retrained = new MachineTracker(options);
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            kept.Add(Summary(cycle));
            kept.Features(_models.First);
            retrained.Add(Summary(cycle));
            retrained.Features(_models.First);
        }

        kept.Add(Summary(41));
        retrained.Add(Summary(41));
        var expected = kept.Features(_models.First);
        var actual = retrained.Features(_models.Retrained);

        Assert.NotEqual(_models.First.Bundle.Manifest.Version, _models.Retrained.Bundle.Manifest.Version);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Has_SensorReportedOnlyLater_BecomesTrueOnceEveryChannelWasSeen()
    {
        var tracker = new MachineTracker(new MaintenanceOptions());
        var channels = _models.First.Bundle.Manifest.Channels;
        var partial = Summary(1) with { Sensors = [.. Summary(1).Sensors.Where(s => s.Sensor != channels[0])] };
        tracker.Add(partial);
        Assert.False(tracker.Has(channels));

        tracker.Add(Summary(2));

        Assert.True(tracker.Has(channels));
        Assert.Equal(_models.First.Bundle.Manifest.FeatureNames.Count, tracker.Features(_models.First).Length);
    }

    private static MachineSummary Summary(int cycle)
    {
        var row = SyntheticModels.Cycle(Unit, cycle, SyntheticModels.Life(Unit));
        var start = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero).AddMinutes(cycle);
        return new MachineSummary
        {
            MachineId = "m-001",
            WindowStart = start,
            WindowEnd = start.AddMinutes(1),
            Sensors = [.. CmapssFile.ChannelNames.Select((name, c) => new SensorSummary
            {
                Sensor = name, Count = 1, Mean = row[c], Min = row[c], Max = row[c], StandardDeviation = 0,
            })],
        };
    }

    /// <summary>Two versions of one synthetic model (same schema, trained at different times), in a temp folder.</summary>
    public sealed class Models : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("edge-tracker-tests-").FullName;

        public Models()
        {
            var trainedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
            First = new ServedModel("rul.zip", ModelBundle.Load(SyntheticModels.Train(Path.Combine(_directory, "v1.zip"), trainedAt)));
            Retrained = new ServedModel("rul.zip", ModelBundle.Load(SyntheticModels.Train(Path.Combine(_directory, "v2.zip"), trainedAt.AddDays(1))));
        }

        public ServedModel First { get; }

        public ServedModel Retrained { get; }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
