using Edge.Maintenance.History;
using Edge.Maintenance.Models;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// A small plant history for serving tests: hourly rows of machines that run to failure, with vibration climbing over
/// the last three days of each life, then repaired. Trained once per version into a temporary folder and shared.
/// </summary>
internal static class SyntheticHistory
{
    public static readonly string[] Sensors = ["vibration", "temperature"];
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<string> s_folder = new(() => Directory.CreateTempSubdirectory("edge-history-model-").FullName);
    private static readonly Dictionary<string, string> s_models = new(StringComparer.Ordinal);
    private static readonly Lock s_gate = new();

    /// <summary>Sensor values of a machine <paramref name="hoursToFailure"/> hours before its next failure.</summary>
    public static double[] Row(int machine, int hour, int hoursToFailure, int sensors = 2)
    {
        var wear = hoursToFailure < 72 ? Math.Pow((72 - hoursToFailure) / 72.0, 2) : 0;
        var noise = Math.Sin((hour * 1.7) + machine) * 0.05;
        var row = new double[sensors];
        row[0] = 1.0 + (3.0 * wear) + noise;
        row[1] = 60 + (5 * wear) + Math.Cos(hour * 0.3) + (machine % 3);
        for (var k = 2; k < sensors; k++)
        {
            row[k] = (10 * k) + Math.Sin((hour * 0.1 * k) + machine) + (wear * k * 0.2);
        }

        return row;
    }

    public static string[] SensorNames(int sensors) => [.. Sensors, .. Enumerable.Range(2, sensors - 2).Select(k => "s" + k)];

    public static int Life(int machine, int cycle) => 180 + (((machine * 37) + (cycle * 53)) % 160);

    /// <summary>
    /// Path of a trained model under <paramref name="label"/> (trained at first use, then cached); models of different
    /// labels have different versions (the trainer names a version by its training time).
    /// </summary>
    public static string Model(string label = "v1", int seed = 42, int sensors = 2)
    {
        lock (s_gate)
        {
            if (s_models.TryGetValue(label, out var cached))
            {
                return cached;
            }

            var path = Path.Combine(s_folder.Value, label + ".zip");
            var trainer = new HistoryTrainer(new FakeTimeProvider(Start.AddDays(100 + s_models.Count)), seed);
            trainer.Train(Data(machines: 12, hours: 1500, sensors), new HistoryTrainingOptions
            {
                Folds = 2,
                Seed = seed,
                MaximumTrainingRows = 6000,
                Candidates = [new TreeHyperparameters(Trees: 30, Leaves: 8, LearningRate: 0.2, MinimumExamplesPerLeaf: 10, FeatureFraction: 1.0)],
            }, path);
            s_models[label] = path;
            return path;
        }
    }

    public static HistoryData Data(int machines, int hours, int sensors = 2)
    {
        var histories = new List<MachineHistory>();
        var events = new List<MachineEvent>();
        for (var m = 0; m < machines; m++)
        {
            var name = "m" + m;
            var timestamps = new DateTimeOffset[hours];
            var rows = new double[hours][];
            var cycle = 0;
            var failAt = Life(m, cycle) + (m * 11 % 90);
            for (var h = 0; h < hours; h++)
            {
                if (h == failAt)
                {
                    events.Add(new MachineEvent(Start.AddHours(h), name, MachineEventKinds.Failure, "bearing"));
                    cycle++;
                    failAt = h + Life(m, cycle);
                }

                timestamps[h] = Start.AddHours(h);
                rows[h] = Row(m, h, failAt - h, sensors);
            }

            histories.Add(new MachineHistory(name, timestamps, rows));
        }

        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return new HistoryData(SensorNames(sensors), histories, events);
    }
}
