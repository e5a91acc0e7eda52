using Edge.Hardware.Signal;

namespace Edge.Hardware.Tests.Adxl345;

public sealed class VibrationAnalyzerTests
{
    [Fact]
    public void Analyze_ImpactsOnQuietSignal_KurtosisAndCrestFactorRise()
    {
        var analyzer = new VibrationAnalyzer(1024, 800, [10, 100, 400]);
        var samples = new double[1024];
        var random = new Random(7);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.05 * ((random.NextDouble() * 2) - 1);
            if (i % 100 == 0)
            {
                samples[i] += 3;
            }
        }

        var features = analyzer.Analyze(samples);

        Assert.True(features.Kurtosis > 10, $"kurtosis {features.Kurtosis}");
        Assert.True(features.CrestFactor > 5, $"crest factor {features.CrestFactor}");
    }

    [Fact]
    public void Analyze_TwoTones_BandRmsSplitsTheirPower()
    {
        var analyzer = new VibrationAnalyzer(2048, 1600, [10, 100, 400, 800]);
        var samples = new double[2048];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 1600.0;
            samples[i] = (3 * Math.Sin(2 * Math.PI * 50 * t)) + (1 * Math.Sin(2 * Math.PI * 250 * t));
        }

        var features = analyzer.Analyze(samples);

        Assert.Equal(3 / Math.Sqrt(2), features.BandRms[0], 0.02);
        Assert.Equal(1 / Math.Sqrt(2), features.BandRms[1], 0.02);
        Assert.Equal(0, features.BandRms[2], 0.01);
        Assert.Equal(Math.Sqrt(5), features.AccelerationRms, 0.01);
        Assert.Equal(50, features.DominantFrequencyHertz, analyzer.BinWidthHertz);
    }

    [Fact]
    public void Analyze_WrongLength_Throws()
    {
        var analyzer = new VibrationAnalyzer(64, 800, [10, 400]);

        Assert.Throws<ArgumentException>(() => analyzer.Analyze(new double[63]));
    }
}
