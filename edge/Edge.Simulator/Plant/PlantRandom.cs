namespace Edge.Simulator.Plant;

/// <summary>Draws the plant's physics needs from a seeded <see cref="Random"/>, so a seed replays the same plant.</summary>
internal static class PlantRandom
{
    /// <summary>Standard normal (Box-Muller from two uniforms).</summary>
    public static double NextGaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double NextUniform(this Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>Weibull with shape 2 (wear-out: the hazard grows with time in service) and the given mean.</summary>
    public static double NextWeibull2(this Random random, double mean) =>
        mean / 0.886227 * Math.Sqrt(-Math.Log(1.0 - random.NextDouble()));

    /// <summary>True with probability <paramref name="ratePerHour"/> x <paramref name="hours"/> (small rates).</summary>
    public static bool Happens(this Random random, double ratePerHour, double hours) =>
        random.NextDouble() < 1.0 - Math.Exp(-ratePerHour * hours);

    /// <summary>A seed per machine that does not collide between neighbouring plant seeds (seed 1 machine 2 vs seed 2 machine 1).</summary>
    /// <remarks>SplitMix64's finaliser, not <see cref="HashCode"/>: that one is randomised per process.</remarks>
    public static int MachineSeed(int plantSeed, int machineIndex)
    {
        var z = unchecked(((ulong)(uint)plantSeed << 32) + (ulong)(uint)machineIndex + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
