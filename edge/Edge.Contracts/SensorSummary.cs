namespace Edge.Contracts;

/// <summary>Count, mean, extremes and population standard deviation of one sensor over a window.</summary>
public sealed record SensorSummary
{
    public required string Sensor { get; init; }

    public string? Unit { get; init; }

    public required long Count { get; init; }

    public required double Mean { get; init; }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public required double StandardDeviation { get; init; }
}
