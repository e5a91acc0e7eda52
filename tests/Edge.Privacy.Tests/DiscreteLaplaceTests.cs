using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class DiscreteLaplaceTests
{
    [Fact]
    public void Sample_SeededStream_FitsExactPmfByChiSquare()
    {
        var noise = DiscreteLaplace.For(sensitivity: 4, epsilonMicros: 1_000_000);
        var statistic = ChiSquare(noise, noise, new SeededUniformSource(11), samples: 200_000, out var degrees);

        Assert.True(statistic < ChiSquareQuantile999(degrees), $"chi-square {statistic:0.0} with {degrees} degrees of freedom");
    }

    [Fact]
    public void Sample_WrongScale_IsRejectedByTheSameChiSquareTest()
    {
        // The goodness-of-fit test has teeth: a sampler 10% too wide fails it.
        var claimed = DiscreteLaplace.For(sensitivity: 4, epsilonMicros: 1_000_000);
        var wider = DiscreteLaplace.For(sensitivity: 44, epsilonMicros: 10_000_000);
        var statistic = ChiSquare(claimed, wider, new SeededUniformSource(12), samples: 200_000, out var degrees);

        Assert.True(statistic > ChiSquareQuantile999(degrees), $"chi-square {statistic:0.0} with {degrees} degrees of freedom");
    }

    [Fact]
    public void Sample_ProductRandomness_ReachesEveryIntegerInRange()
    {
        // No gaps: unlike rounded floating-point Laplace noise, every integer near the centre occurs.
        var noise = DiscreteLaplace.For(sensitivity: 1, epsilonMicros: 500_000);
        var seen = new HashSet<long>();
        for (var i = 0; i < 50_000; i++)
        {
            seen.Add(noise.Sample(CryptoUniformSource.Instance));
        }

        for (long value = -12; value <= 12; value++)
        {
            Assert.Contains(value, seen);
        }
    }

    [Fact]
    public void Sample_ProductRandomness_MeanAbsoluteMatchesTheory()
    {
        var noise = DiscreteLaplace.For(sensitivity: 4, epsilonMicros: 1_000_000);
        var a = Math.Exp(-1 / noise.Scale);
        var expected = 2 * a / (1 - (a * a));
        const int samples = 40_000;
        double sum = 0, sumAbs = 0;
        for (var i = 0; i < samples; i++)
        {
            var x = noise.Sample(CryptoUniformSource.Instance);
            sum += x;
            sumAbs += Math.Abs(x);
        }

        // Five standard errors (the variance of |X| is below 2 * scale^2 = 32).
        var tolerance = 5 * Math.Sqrt(32.0 / samples);
        Assert.InRange(sumAbs / samples, expected - tolerance, expected + tolerance);
        Assert.InRange(sum / samples, -5 * Math.Sqrt(2 * 16.0 / samples), 5 * Math.Sqrt(2 * 16.0 / samples));
    }

    [Fact]
    public void BernoulliExp_RationalArguments_MatchExpOfMinusArgument()
    {
        var random = new SeededUniformSource(5);
        foreach (var (numerator, denominator) in new[] { (1L, 3L), (5L, 2L), (0L, 1L) })
        {
            const int trials = 100_000;
            var successes = 0;
            for (var i = 0; i < trials; i++)
            {
                if (DiscreteLaplace.BernoulliExp(random, numerator, denominator))
                {
                    successes++;
                }
            }

            var p = Math.Exp(-numerator / (double)denominator);
            var tolerance = 5 * Math.Sqrt(p * (1 - p) / trials) + 1e-9;
            Assert.InRange(successes / (double)trials, p - tolerance, p + tolerance);
        }
    }

    [Fact]
    public void HalfWidth_Scale4_CoversNinetyFivePercentAndNoLess()
    {
        var noise = DiscreteLaplace.For(sensitivity: 4, epsilonMicros: 1_000_000);
        var h = noise.HalfWidth(0.95);
        double Mass(long width)
        {
            double total = 0;
            for (var x = -width; x <= width; x++)
            {
                total += noise.Probability(x);
            }

            return total;
        }

        Assert.True(Mass(h) >= 0.95);
        Assert.True(Mass(h - 1) < 0.95);
    }

    /// <summary>Pearson chi-square of samples drawn from <paramref name="sampled"/> against the PMF of <paramref name="claimed"/>.</summary>
    private static double ChiSquare(DiscreteLaplace claimed, DiscreteLaplace sampled, UniformSource random, int samples, out int degrees)
    {
        // Bins -12..12 one by one, plus the two tails.
        const int range = 12;
        var observed = new long[(2 * range) + 3];
        for (var i = 0; i < samples; i++)
        {
            var x = sampled.Sample(random);
            observed[x < -range ? 0 : x > range ? observed.Length - 1 : (int)(x + range + 1)]++;
        }

        var expected = new double[observed.Length];
        double inside = 0;
        for (var x = -range; x <= range; x++)
        {
            expected[x + range + 1] = claimed.Probability(x) * samples;
            inside += claimed.Probability(x);
        }

        expected[0] = expected[^1] = (1 - inside) / 2 * samples;
        double statistic = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            statistic += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        }

        degrees = observed.Length - 1;
        return statistic;
    }

    /// <summary>99.9% quantile of chi-square by the Wilson-Hilferty approximation (accurate to ~1% at these degrees).</summary>
    internal static double ChiSquareQuantile999(int degrees)
    {
        const double z = 3.090232;
        var k = (double)degrees;
        var term = 1 - (2 / (9 * k)) + (z * Math.Sqrt(2 / (9 * k)));
        return k * term * term * term;
    }
}
