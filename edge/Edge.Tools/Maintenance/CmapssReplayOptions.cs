using Edge.Maintenance.Serving;

namespace Edge.Tools.Maintenance;

/// <summary>Options of <see cref="CmapssReplay"/>.</summary>
internal sealed record CmapssReplayOptions
{
    public required string File { get; init; }

    public string? Truth { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 1883;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);

    public int Engines { get; init; }

    public double Threshold { get; init; } = 30;

    public double FalseMargin { get; init; } = 15;
}
