using Edge.Privacy;

namespace Edge.Privacy.Tests;

/// <summary>
/// Statistical differential-privacy test in the manner of Google's differential-privacy library: run the mechanism
/// many times on two adjacent inputs (the same day with and without one maximal contributor), histogram the
/// outputs, and accept only when no bucket's probability ratio significantly exceeds e^epsilon. A negative control
/// with noise calibrated for half the true sensitivity must be rejected, so the test can fail.
/// The exact (bounded) counts come from the product's accumulator; the noise from the product's calibration and
/// sampler, fed a seeded stream through the internal seam so the test is reproducible.
/// </summary>
public sealed class DifferentialPrivacyTests
{
    private const int Samples = 200_000;
    private const int MinimumBucketCount = 300;
    private const double Z = 4.5;

    [Fact]
    public void Release_AdjacentDaysWithMaximalContributor_WithinClaimedEpsilon()
    {
        var (without, with, calibration) = AdjacentCells();

        // The release claims its epsilon split evenly between visitor counts and dwell sums.
        var claimedShare = calibration.Epsilon / 2;
        var counts = Compare(without.Visitors, with.Visitors, calibration.CountNoise, bucketWidth: 1, seed: 1, claimedShare);
        var dwell = Compare(without.DwellSeconds, with.DwellSeconds, calibration.DwellNoise, bucketWidth: 600, seed: 2, claimedShare);

        Assert.True(counts.MaxExcess <= 0, $"visitor counts: worst bucket log-ratio {counts.WorstLogRatio:0.000} > {claimedShare} by {counts.MaxExcess:0.0} standard errors");
        Assert.True(dwell.MaxExcess <= 0, $"dwell sums: worst bucket log-ratio {dwell.WorstLogRatio:0.000} > {claimedShare} by {dwell.MaxExcess:0.0} standard errors");
        Assert.True(counts.Buckets >= 10 && dwell.Buckets >= 10, "too few populated buckets for a meaningful test");
    }

    [Fact]
    public void Release_NoiseForHalfTheSensitivity_IsRejected()
    {
        var (without, with, calibration) = AdjacentCells();
        var halfCount = new DiscreteLaplace(calibration.CountNoise.ScaleNumerator, calibration.CountNoise.ScaleDenominator * 2);
        var halfDwell = new DiscreteLaplace(calibration.DwellNoise.ScaleNumerator, calibration.DwellNoise.ScaleDenominator * 2);

        var counts = Compare(without.Visitors, with.Visitors, halfCount, bucketWidth: 1, seed: 3, calibration.Epsilon / 2);
        var dwell = Compare(without.DwellSeconds, with.DwellSeconds, halfDwell, bucketWidth: 600, seed: 4, calibration.Epsilon / 2);

        Assert.True(counts.MaxExcess > 0, "under-calibrated count noise was not detected");
        Assert.True(dwell.MaxExcess > 0, "under-calibrated dwell noise was not detected");
    }

    /// <summary>
    /// Runs the accumulator on a background day, with and without an adversary seen in every zone of every window,
    /// and returns the cell that differs (K = 1, so there is exactly one) with the release's calibration.
    /// </summary>
    private static (ZoneTally Without, ZoneTally With, ReleaseCalibration Calibration) AdjacentCells()
    {
        var options = FootfallTestKit.DefaultOptions("east", "west");
        options.MaxCellsPerDevicePerDay = 1;
        var background = Background().ToList();
        var adversary = Adversary(options).ToList();
        var end = FootfallTestKit.At(13, 0);

        using var kitWithout = new FootfallTestKit(options);
        using var kitWith = new FootfallTestKit(options);
        var without = kitWithout.Replay(background, end);
        var with = kitWith.Replay(background.Concat(adversary), end);

        var differing = new List<(ZoneTally, ZoneTally)>();
        for (var w = 0; w < without.Count; w++)
        {
            for (var z = 0; z < without[w].Zones.Count; z++)
            {
                var a = without[w].Zones[z];
                var b = with[w].Zones[z];
                Assert.InRange(b.Visitors - a.Visitors, 0, 1);
                Assert.InRange(b.DwellSeconds - a.DwellSeconds, 0, (long)options.MaxDwell.TotalSeconds);
                if (a != b)
                {
                    differing.Add((a, b));
                }
            }
        }

        var cell = Assert.Single(differing);
        Assert.Equal(1, cell.Item2.Visitors - cell.Item1.Visitors);
        Assert.Equal((long)options.MaxDwell.TotalSeconds, cell.Item2.DwellSeconds - cell.Item1.DwellSeconds);
        var calibration = ReleaseCalibration.For(options, kitWith.Calendar.PlanFor(FootfallTestKit.Day), 0);
        return (cell.Item1, cell.Item2, calibration);
    }

    private static IEnumerable<VisitEvent> Background()
    {
        var random = new Random(7);
        for (var device = 1; device <= 30; device++)
        {
            var entered = FootfallTestKit.At(9, 0).AddMinutes(random.Next(0, 170));
            var left = entered.AddMinutes(random.Next(1, 40));
            var zone = random.Next(2) == 0 ? "east" : "west";
            yield return new VisitEvent(entered, device, zone, entered, null);
            yield return new VisitEvent(left, device, zone, entered, left);
        }
    }

    private static IEnumerable<VisitEvent> Adversary(PrivacyOptions options)
    {
        // Present in both zones the whole day, reported every five minutes and at every window's last second.
        var open = FootfallTestKit.At(9, 0);
        for (var t = open; t < FootfallTestKit.At(12, 0); t = t.AddMinutes(5))
        {
            foreach (var zone in options.Zones)
            {
                yield return new VisitEvent(t, 999, zone, open, null);
            }
        }

        for (var hour = 10; hour <= 12; hour++)
        {
            foreach (var zone in options.Zones)
            {
                yield return new VisitEvent(FootfallTestKit.At(hour - 1, 59, 59), 999, zone, open, null);
            }
        }
    }

    private static Verdict Compare(long trueWithout, long trueWith, DiscreteLaplace noise, long bucketWidth, int seed, double claimed)
    {
        var random = new SeededUniformSource(seed);
        var histogramWithout = new Dictionary<long, int>();
        var histogramWith = new Dictionary<long, int>();
        for (var i = 0; i < Samples; i++)
        {
            Add(histogramWithout, (long)Math.Floor((trueWithout + noise.Sample(random)) / (double)bucketWidth));
            Add(histogramWith, (long)Math.Floor((trueWith + noise.Sample(random)) / (double)bucketWidth));
        }

        var maxExcess = double.NegativeInfinity;
        var worst = 0.0;
        var buckets = 0;
        foreach (var (bucket, countWithout) in histogramWithout)
        {
            if (!histogramWith.TryGetValue(bucket, out var countWith) || Math.Min(countWith, countWithout) < MinimumBucketCount)
            {
                continue;
            }

            buckets++;
            var logRatio = Math.Abs(Math.Log(countWith / (double)countWithout));
            var standardError = Math.Sqrt((1.0 / countWith) + (1.0 / countWithout));
            var excess = ((logRatio - claimed) / standardError) - Z;
            if (excess > maxExcess)
            {
                maxExcess = excess;
                worst = logRatio;
            }
        }

        return new Verdict(maxExcess, worst, buckets);
    }

    private static void Add(Dictionary<long, int> histogram, long bucket) =>
        histogram[bucket] = histogram.GetValueOrDefault(bucket) + 1;

    private readonly record struct Verdict(double MaxExcess, double WorstLogRatio, int Buckets);
}
