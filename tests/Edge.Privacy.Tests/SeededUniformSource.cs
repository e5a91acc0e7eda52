using Edge.Privacy;

namespace Edge.Privacy.Tests;

/// <summary>Test-side randomness: a seeded stream through the samplers' internal seam, so statistical tests are reproducible.</summary>
internal sealed class SeededUniformSource(int seed) : UniformSource
{
    private readonly Random _random = new(seed);

    public override ulong NextBelow(ulong exclusiveBound) =>
        exclusiveBound <= long.MaxValue
            ? (ulong)_random.NextInt64((long)exclusiveBound)
            : throw new ArgumentOutOfRangeException(nameof(exclusiveBound));
}
