namespace Edge.LoadHarness;

/// <summary>What a target measured while starting: time to accept connections and memory before any load.</summary>
internal interface IStartupFigures
{
    /// <summary>From process start to the broker accepting a TCP connection.</summary>
    TimeSpan TimeToReady { get; }

    /// <summary>Resident set size once ready, after a short settle, before any load.</summary>
    long IdleRssBytes { get; }

    /// <summary>The anonymous part of <see cref="IdleRssBytes"/> (heaps, JIT code); the rest is mapped files such as assemblies.</summary>
    long IdleRssAnonymousBytes { get; }
}
