namespace Edge.Privacy;

/// <summary>
/// Uniform integers, the only randomness the noise samplers consume. The product uses
/// <see cref="CryptoUniformSource"/>; this seam exists so statistical tests can replay a seeded stream.
/// </summary>
internal abstract class UniformSource
{
    /// <summary>A uniform integer in [0, <paramref name="exclusiveBound"/>).</summary>
    public abstract ulong NextBelow(ulong exclusiveBound);
}
