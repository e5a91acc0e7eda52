using System.IO.Compression;
using Edge.Maintenance.History;

namespace Edge.Maintenance.Tests;

public sealed class HistoryModelTests(HistoryModelFixture fixture) : IClassFixture<HistoryModelFixture>
{
    [Fact]
    public void Load_TrainedModel_ServesItsSensorsStepHorizonAndThreshold()
    {
        var model = HistoryModel.Load(fixture.Path);

        Assert.True(HistoryModel.IsHistoryModel(fixture.Path));
        Assert.Equal(SyntheticPlant.Sensors, model.Sensors);
        Assert.Equal(TimeSpan.FromHours(1), model.Step);
        Assert.Equal(TimeSpan.FromHours(48), model.Horizon);
        Assert.Equal("hours", model.RemainingLifeUnit);
        Assert.InRange(model.DecisionThreshold, 0.01, 0.99);
        Assert.True(model.HasRemainingLife);
    }

    [Fact]
    public void MissingFeatures_GatewayWithoutSomeSensors_NamesThem()
    {
        var model = HistoryModel.Load(fixture.Path);

        Assert.Empty(model.MissingFeatures(["temperature", "vibration", "current", "pressure", "load", "extra"]));
        Assert.Equal(["vibration", "load"], model.MissingFeatures(["temperature", "current", "pressure"]));
    }

    [Fact]
    public void Load_TamperedClassifierBytes_IsRefusedForItsChecksum()
    {
        var tampered = Path.Combine(fixture.Folder, "tampered.zip");
        File.Copy(fixture.Path, tampered, overwrite: true);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(HistoryModel.ClassifierEntry)!;
            byte[] bytes;
            using (var stream = entry.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            bytes[bytes.Length / 2] ^= 0xFF;
            entry.Delete();
            using var replaced = zip.CreateEntry(HistoryModel.ClassifierEntry).Open();
            replaced.Write(bytes);
        }

        var error = Assert.Throws<InvalidDataException>(() => HistoryModel.Load(tampered));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.True(HistoryModel.IsHistoryModel(tampered));
    }

    [Fact]
    public void IsHistoryModel_OtherFiles_IsFalse()
    {
        var garbage = Path.Combine(fixture.Folder, "garbage.zip");
        File.WriteAllText(garbage, "not a zip");

        Assert.False(HistoryModel.IsHistoryModel(garbage));
        Assert.False(HistoryModel.IsHistoryModel(Path.Combine(fixture.Folder, "absent.zip")));
        Assert.Throws<InvalidDataException>(() => HistoryModel.Load(garbage));
    }

    [Fact]
    public void Predict_RestoredCheckpoint_GivesTheSamePredictionAsTheLiveState()
    {
        var model = HistoryModel.Load(fixture.Path);
        var machine = fixture.Data.Machines[0];
        var live = model.CreateState(fixture.Data.Attributes[0]);
        for (var r = 0; r < 200; r++)
        {
            live.Push(machine.Timestamps[r], machine.Rows[r]);
        }

        using var checkpoint = new MemoryStream();
        live.WriteTo(checkpoint);
        checkpoint.Position = 0;
        var restored = HistoryMachineState.ReadFrom(model, checkpoint);
        for (var r = 200; r < 260; r++)
        {
            live.Push(machine.Timestamps[r], machine.Rows[r]);
            restored.Push(machine.Timestamps[r], machine.Rows[r]);
        }

        var expected = model.Predict(live);
        var actual = model.Predict(restored);
        Assert.Equal(expected.FailureProbability, actual.FailureProbability);
        Assert.Equal(expected.RemainingLife, actual.RemainingLife);
        Assert.True(expected.Lower <= expected.RemainingLife && expected.RemainingLife <= expected.Upper);
        Assert.InRange(expected.TopFeatures.Count, 1, 5);
    }

    [Fact]
    public void Train_HistoryWithoutFailures_IsRefused()
    {
        var quiet = new HistoryData(fixture.Data.Sensors, fixture.Data.Machines, [.. fixture.Data.Events.Where(e => e.Kind != MachineEventKinds.Failure)]);

        var error = Assert.Throws<InvalidDataException>(() => new HistoryTrainer().Train(quiet, HistoryTrainingOptions.Fast, Path.Combine(fixture.Folder, "quiet.zip")));
        Assert.Contains("No failure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_AfterTheLastFailure_AreCensoredUnlessObservedForTheCap()
    {
        var hour = TimeSpan.TicksPerHour;
        List<long> failures = [100 * hour];

        Assert.Equal(((sbyte)1, 30f), HistoryLabels.At(70 * hour, failures, 1000 * hour, 48 * hour, 240));
        Assert.Equal(((sbyte)0, 90f), HistoryLabels.At(10 * hour, failures, 1000 * hour, 48 * hour, 240));
        Assert.Equal(((sbyte)0, 240f), HistoryLabels.At(200 * hour, failures, 1000 * hour, 48 * hour, 240));
        var (failure, life) = HistoryLabels.At(900 * hour, failures, 1000 * hour, 48 * hour, 240);
        Assert.Equal(0, failure);
        Assert.True(float.IsNaN(life));
        Assert.Equal(HistoryLabels.Censored, HistoryLabels.At(980 * hour, failures, 1000 * hour, 48 * hour, 240).Failure);
    }
}
