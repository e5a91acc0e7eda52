namespace Edge.Privacy;

/// <summary>
/// The two-sided geometric (discrete Laplace) distribution P(x) = (1 - a) / (1 + a) * a^|x| with a = exp(-1/scale)
/// and scale = <see cref="ScaleNumerator"/> / <see cref="ScaleDenominator"/>, sampled exactly with integer arithmetic
/// only (Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for Differential Privacy", algorithms 1 and 2).
/// </summary>
/// <remarks>
/// No floating point touches a sample: floating-point Laplace noise leaks the true value through the gaps and
/// rounding pattern of its output (Mironov 2012). The scale is a rational number, so the sampler is exact.
/// </remarks>
internal readonly record struct DiscreteLaplace
{
    public DiscreteLaplace(long scaleNumerator, long scaleDenominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scaleNumerator, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scaleDenominator, 1);
        var divisor = GreatestCommonDivisor(scaleNumerator, scaleDenominator);
        ScaleNumerator = scaleNumerator / divisor;
        ScaleDenominator = scaleDenominator / divisor;
    }

    /// <summary>t in the paper: scale = t / s.</summary>
    public long ScaleNumerator { get; }

    /// <summary>s in the paper.</summary>
    public long ScaleDenominator { get; }

    public double Scale => ScaleNumerator / (double)ScaleDenominator;

    /// <summary>
    /// The distribution that gives <paramref name="epsilonMicros"/> (epsilon in millionths) for a query of L1
    /// sensitivity <paramref name="sensitivity"/>: scale = sensitivity / epsilon.
    /// </summary>
    public static DiscreteLaplace For(long sensitivity, long epsilonMicros)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensitivity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epsilonMicros, 1);
        return new DiscreteLaplace(checked(sensitivity * 1_000_000), epsilonMicros);
    }

    /// <summary>Exact probability of <paramref name="value"/> (for tests and reporting, never for sampling).</summary>
    public double Probability(long value)
    {
        var a = Math.Exp(-1 / Scale);
        return (1 - a) / (1 + a) * Math.Pow(a, Math.Abs(value));
    }

    /// <summary>Smallest h with P(|X| &lt;= h) &gt;= <paramref name="confidence"/>: the half-width of the noise interval.</summary>
    public long HalfWidth(double confidence)
    {
        var a = Math.Exp(-1 / Scale);
        // P(|X| > h) = 2 a^(h+1) / (1 + a).
        var h = Math.Ceiling(Math.Log((1 - confidence) * (1 + a) / 2) / Math.Log(a)) - 1;
        return Math.Max(0, (long)h);
    }

    public long Sample(UniformSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var t = ScaleNumerator;
        var s = ScaleDenominator;
        while (true)
        {
            // X = U + t*V with U uniform on [0, t) kept with probability exp(-U/t) and V geometric with
            // parameter 1 - exp(-1): X is geometric with parameter 1 - exp(-1/t).
            var u = (long)source.NextBelow((ulong)t);
            if (!BernoulliExp(source, u, t))
            {
                continue;
            }

            long v = 0;
            while (BernoulliExp(source, 1, 1))
            {
                v++;
            }

            var x = checked(u + (t * v));
            var y = x / s;
            var negative = source.NextBelow(2) == 1;
            if (negative && y == 0)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>A Bernoulli trial with success probability exp(-numerator/denominator), exactly.</summary>
    internal static bool BernoulliExp(UniformSource source, long numerator, long denominator)
    {
        while (numerator > denominator)
        {
            if (!BernoulliExpAtMostOne(source, 1, 1))
            {
                return false;
            }

            numerator -= denominator;
        }

        return BernoulliExpAtMostOne(source, numerator, denominator);
    }

    private static bool BernoulliExpAtMostOne(UniformSource source, long numerator, long denominator)
    {
        // exp(-g) for g in [0, 1]: count k while successive Bernoulli(g/k) succeed; the parity of the stop decides.
        long k = 1;
        while (source.NextBelow((ulong)checked(denominator * k)) < (ulong)numerator)
        {
            k++;
        }

        return k % 2 == 1;
    }

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
