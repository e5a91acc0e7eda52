using Edge.Maintenance.Data;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// Small remaining-life models trained in a second on synthetic run-to-failure engines: sensors s2 and s3 rise
/// exponentially as failure nears, the other C-MAPSS channels stay constant.
/// </summary>
internal static class SyntheticModels
{
    public const int Engines = 20;

    public static double[] Cycle(int unit, int cycle, int life)
    {
        var row = Enumerable.Repeat(1.0, CmapssFile.ChannelCount).ToArray();
        var wear = Math.Exp(-(life - cycle) / 30.0);
        row[CmapssFile.SettingCount + 1] = 640 + (5 * wear) + (0.1 * Math.Sin((cycle * 1.7) + unit));
        row[CmapssFile.SettingCount + 2] = 1590 + (20 * wear) + (0.5 * Math.Sin((cycle * 2.3) + unit));
        return row;
    }

    public static int Life(int unit) => 120 + (7 * unit);

    public static string Train(string path, DateTimeOffset trainedAt, FeatureOptions? features = null)
    {
        var engines = Enumerable.Range(1, Engines).Select(unit =>
        {
            var life = Life(unit);
            var cycles = Enumerable.Range(1, life).ToArray();
            return new CmapssEngine(unit, cycles, [.. cycles.Select(c => Cycle(unit, c, life))]);
        }).ToList();
        var options = new RulTrainingOptions
        {
            Folds = 2,
            Candidates = [new TreeHyperparameters(40, 8, 0.1, 10)],
            Features = features ?? new FeatureOptions { Windows = [5, 10], EwmaAlphas = [0.3] },
        };
        new RulTrainer(new FakeTimeProvider(trainedAt)).Train(engines, "synthetic.txt", "5a17e7c0ffee0000", path, options);
        return path;
    }
}
