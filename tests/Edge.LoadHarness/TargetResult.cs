namespace Edge.LoadHarness;

/// <summary>What one target did in the measured run.</summary>
internal sealed record TargetResult
{
    public required string Name { get; init; }

    public required long Messages { get; init; }

    public required int ReadingsPerMessage { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>From the start of the run to the last PUBACK; the rest of <see cref="Elapsed"/> is the consumer's backlog.</summary>
    public required TimeSpan PublishElapsed { get; init; }

    public required IReadOnlyList<ProcessFigures> Processes { get; init; }

    public required double LoadGeneratorCpuSeconds { get; init; }

    public required double SubscriberCpuSeconds { get; init; }

    /// <summary>Sorted publish-to-PUBACK latencies, microseconds.</summary>
    public required int[] PubAckLatencies { get; init; }

    /// <summary>Sorted publish-to-consumer latencies, microseconds; empty where not measurable.</summary>
    public required int[] DeliveryLatencies { get; init; }

    public TimeSpan? TimeToReady { get; init; }

    public long? IdleRssBytes { get; init; }

    public long? IdleRssAnonymousBytes { get; init; }

    public string? Verification { get; init; }

    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public double ProcessingCpuSeconds => Processes.Sum(process => process.CpuSeconds);

    public double MicrosecondsPerMessage(double cpuSeconds) => cpuSeconds * 1e6 / Messages;
}

/// <summary>CPU and peak memory of one process during a measured run.</summary>
internal sealed record ProcessFigures(string Role, double CpuSeconds, double SystemCpuSeconds, long ContextSwitches, long PeakRssBytes);
