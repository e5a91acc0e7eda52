using Edge.Maintenance.History;

namespace Edge.Maintenance.Tests;

/// <summary>One small history model (8 machines x 60 days, fast options) shared by the model-file tests.</summary>
public sealed class HistoryModelFixture : IDisposable
{
    public HistoryModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("edge-history-model-").FullName;
        Data = SyntheticPlant.Generate(8, TimeSpan.FromDays(60), seed: 11);
        Path = System.IO.Path.Combine(Folder, "model.zip");
        new HistoryTrainer().Train(Data, HistoryTrainingOptions.Fast, Path);
    }

    public string Folder { get; }

    public HistoryData Data { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
