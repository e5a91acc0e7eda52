using Edge.Contracts;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;
using Edge.Maintenance.Serving;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// The window history a machine keeps to prime a model swapped in mid-life does not keep the sensors a model's own
/// feature state holds for as many windows. A model with another schema swapped in later must still be primed exactly
/// as from a history that kept everything.
/// </summary>
public sealed class MachineTrackerHistoryTests : IClassFixture<MachineTrackerHistoryTests.Models>
{
    private const int Unit = 5;
    private static readonly MaintenanceOptions s_options = new() { HistoryWindows = 10 };
    private readonly Models _models;

    public MachineTrackerHistoryTests(Models models)
    {
        _models = models;
    }

    [Fact]
    public void Add_ModelReadsEverySensorForLongEnough_KeepsNoHistory()
    {
        var tracker = new MachineTracker(s_options);
        for (var cycle = 1; cycle < s_options.HistoryWindows; cycle++)
        {
            tracker.Add(Summary(cycle));
            tracker.Features(_models.First);
        }

        Assert.True(tracker.HistoryBytes > 0);

        tracker.Add(Summary(s_options.HistoryWindows));
        tracker.Features(_models.First);

        Assert.Equal(0, tracker.HistoryBytes);
    }

    [Fact]
    public void Features_OtherSchemaSwappedInAfterHistoryDropped_PrimedAsFromAKeptHistory()
    {
        var kept = new MachineTracker(s_options);
        var dropped = new MachineTracker(s_options);
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            kept.Add(Summary(cycle));
            dropped.Add(Summary(cycle));
            dropped.Features(_models.First);
        }

        Assert.Equal(0, dropped.HistoryBytes);

        var expected = kept.Features(_models.OtherSchema);
        var actual = dropped.Features(_models.OtherSchema);

        Assert.Equal(expected, actual);
        Assert.Equal(40, actual[^1]);
    }

    [Fact]
    public void Features_CoveringModelReplacedByAnotherSchema_PrimedAsFromAKeptHistory()
    {
        var kept = new MachineTracker(s_options);
        var dropped = new MachineTracker(s_options);
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            kept.Add(Summary(cycle));
            dropped.Add(Summary(cycle));
            dropped.Features(_models.First);
        }

        // A new file under the same name with another schema: the state the history lived in is replaced.
        var replacement = _models.OtherSchema with { File = _models.First.File };

        Assert.Equal(kept.Features(replacement), dropped.Features(replacement));
    }

    [Fact]
    public void Add_SensorTheModelDoesNotReadAfterHistoryDropped_KeepsOnlyThatSensorAndPrimesTheNextModel()
    {
        var kept = new MachineTracker(s_options);
        var dropped = new MachineTracker(s_options);
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            var summary = cycle <= 30 ? Summary(cycle) : Summary(cycle, ("vibration", 0.1 * cycle));
            kept.Add(summary);
            dropped.Add(summary);
            dropped.Features(_models.First);
            if (cycle == 30)
            {
                Assert.Equal(0, dropped.HistoryBytes);
            }
        }

        // Only the sensor the model does not read is kept: one float per window.
        Assert.Equal(s_options.HistoryWindows * sizeof(float), dropped.HistoryBytes);
        Assert.Equal(kept.Features(_models.OtherSchema), dropped.Features(_models.OtherSchema));
    }

    [Fact]
    public void Features_ModelServingEveryWindow_MatchesTheSequenceOfItsWindows()
    {
        var tracker = new MachineTracker(s_options);
        var sequence = new SequenceFeatureState(new FeatureSchema(_models.First.Bundle.Manifest.Channels, _models.First.Bundle.Manifest.Features!));
        float[] actual = [];
        for (var cycle = 1; cycle <= 40; cycle++)
        {
            var summary = Summary(cycle);
            tracker.Add(summary);
            actual = tracker.Features(_models.First);
            sequence.Push([.. sequence.Schema.Channels.Select(channel => summary.Sensors.Single(s => s.Sensor == channel).Mean)]);
        }

        Assert.Equal(sequence.Features(), actual);
    }

    [Fact]
    public void Add_TwoMachinesWithTheSameSensors_ShareOneLayout()
    {
        var root = SensorLayout.Empty();
        var first = new MachineTracker(s_options, root);
        var second = new MachineTracker(s_options, root);
        first.Add(Summary(1));
        second.Add(Summary(1));

        Assert.Same(root.Extend(Summary(1).Sensors), root.Extend(Summary(2).Sensors));
        Assert.True(first.Has(["s2", "s3"]) && second.Has(["s2", "s3"]));
        Assert.False(first.Has(["s4"]));
    }

    private static MachineSummary Summary(int cycle, params (string Sensor, double Mean)[] extra)
    {
        var row = SyntheticModels.Cycle(Unit, cycle, SyntheticModels.Life(Unit));
        var start = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero).AddMinutes(cycle);
        // Only the sensors the synthetic models read (s2, s3), so a model's feature state covers every sensor.
        (string Sensor, double Mean)[] sensors = [("s2", row[4]), ("s3", row[5]), .. extra];
        return new MachineSummary
        {
            MachineId = "m-001",
            WindowStart = start,
            WindowEnd = start.AddMinutes(1),
            Sensors = [.. sensors.Select(s => new SensorSummary { Sensor = s.Sensor, Count = 1, Mean = s.Mean, Min = s.Mean, Max = s.Mean, StandardDeviation = 0 })],
        };
    }

    /// <summary>A synthetic model keeping 10 windows (as much as the history), and one of another schema, in a temp folder.</summary>
    public sealed class Models : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("edge-tracker-history-").FullName;

        public Models()
        {
            var trainedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
            First = new ServedModel("rul.zip", ModelBundle.Load(SyntheticModels.Train(Path.Combine(_directory, "v1.zip"), trainedAt)));
            // Trained a day later: a model's version (what tells the gateway a model changed) differs.
            OtherSchema = new ServedModel("rul-short.zip", ModelBundle.Load(SyntheticModels.Train(
                Path.Combine(_directory, "short.zip"), trainedAt.AddDays(1), new FeatureOptions { Windows = [3, 6], EwmaAlphas = [0.5] })));
        }

        public ServedModel First { get; }

        public ServedModel OtherSchema { get; }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
