using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Maintenance.History;
using Edge.Maintenance.Tests;
using Edge.Tools.Maintenance;

namespace Edge.Tools.Tests.Maintenance;

/// <summary>The history commands as a user runs them: the tools binary in a child process, CSV files in, JSON and CSV out.</summary>
public sealed class ModelHistoryCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-history-cli-").FullName;

    [Fact]
    public void TrainEvaluatePredict_SyntheticPlant_WritesModelFiguresAndEveryRow()
    {
        var telemetry = Path.Combine(_folder, "T.csv");
        var events = Path.Combine(_folder, "E.csv");
        var machines = Path.Combine(_folder, "M.csv");
        SyntheticPlant.WriteCsv(SyntheticPlant.Generate(8, TimeSpan.FromDays(100), seed: 3), telemetry, events, machines);
        var heldTelemetry = Path.Combine(_folder, "T2.csv");
        var heldEvents = Path.Combine(_folder, "E2.csv");
        var held = SyntheticPlant.Generate(4, TimeSpan.FromDays(60), seed: 4, prefix: "h");
        SyntheticPlant.WriteCsv(held, heldTelemetry, heldEvents);
        var model = Path.Combine(_folder, "plant.zip");

        var train = Run("model", "train", "--dataset", "history", "--telemetry", telemetry, "--events", events, "--machines", machines, "--horizon", "2d", "--folds", "3", "--out", model);
        Assert.True(train.Code == 0, train.Output);
        Assert.True(HistoryModel.IsHistoryModel(model));
        Assert.Equal(48, HistoryModel.Load(model).Horizon.TotalHours);
        Assert.True(File.Exists(Path.ChangeExtension(model, ".card.md")));
        Assert.True(File.Exists(Path.ChangeExtension(model, ".cv-reliability.svg")));

        var evaluate = Run("model", "evaluate", "--dataset", "history", "--model", model, "--telemetry", heldTelemetry, "--events", heldEvents, "--json");
        Assert.True(evaluate.Code == 0, evaluate.Output);
        var json = JsonDocument.Parse(evaluate.Output.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal(4, json.GetProperty("machines").GetInt32());
        Assert.Equal(held.Events.Count(e => e.Kind == MachineEventKinds.Failure), json.GetProperty("failures").GetInt32());
        Assert.Equal(48, json.GetProperty("horizonHours").GetDouble());
        foreach (var name in new[] { "precision", "recall", "f1", "medianLeadHours", "falseAlertsPerMachineMonth", "alertsPerMachineDay", "rmse", "intervalCoverage", "brier" })
        {
            Assert.True(json.TryGetProperty(name, out _), $"no {name} in {json}");
        }

        Assert.InRange(json.GetProperty("brier").GetDouble(), 0, 0.25);

        var predictions = Path.Combine(_folder, "predictions.csv");
        var predict = Run("model", "predict", "--model", model, "--telemetry", heldTelemetry, "--out", predictions);
        Assert.True(predict.Code == 0, predict.Output);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("timestamp,machine,failureProbability,remainingLife,lower,upper", lines[0]);
        Assert.Equal(held.RowCount, lines.Length - 1);
        var scored = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[2].Length > 0).ToList();
        Assert.True(scored.Count >= held.RowCount - held.Machines.Count, $"{scored.Count} of {held.RowCount} rows scored");
        Assert.All(scored, f =>
        {
            var lower = double.Parse(f[4], CultureInfo.InvariantCulture);
            var upper = double.Parse(f[5], CultureInfo.InvariantCulture);
            var life = double.Parse(f[3], CultureInfo.InvariantCulture);
            Assert.InRange(double.Parse(f[2], CultureInfo.InvariantCulture), 0, 1);
            Assert.True(lower <= life && life <= upper, string.Join(',', f));
        });
    }

    [Fact]
    public void Train_MalformedTelemetry_FailsNamingTheLines()
    {
        var telemetry = Path.Combine(_folder, "T.csv");
        var events = Path.Combine(_folder, "E.csv");
        File.WriteAllText(telemetry, "timestamp,machine,temperature\n2026-01-01 00:00:00,m1,20\n2026-01-01 01:00:00,m1,hot\nyesterday,m1,21\n");
        File.WriteAllText(events, "timestamp,machine,kind,detail\n");

        var train = Run("model", "train", "--dataset", "history", "--telemetry", telemetry, "--events", events, "--out", Path.Combine(_folder, "m.zip"));

        Assert.NotEqual(0, train.Code);
        Assert.Contains("line 3", train.Output, StringComparison.Ordinal);
        Assert.Contains("line 4", train.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "m.zip")));
    }

    [Theory]
    [InlineData("48h", 48 * 60)]
    [InlineData("2d", 48 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1.5h", 90)]
    public void Parse_Duration_GivesMinutes(string text, double minutes) => Assert.Equal(minutes, DurationText.Parse(text).TotalMinutes);

    [Theory]
    [InlineData("48")]
    [InlineData("-2h")]
    [InlineData("2w")]
    public void Parse_BadDuration_Throws(string text) => Assert.Throws<FormatException>(() => DurationText.Parse(text));

    private static (int Code, string Output) Run(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "Edge.Tools.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
