namespace Edge.Contracts;

public sealed record FootfallCell
{
    public required string ZoneId { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>Noisy visitor count; null when suppressed by the k-threshold.</summary>
    public long? Visitors { get; init; }

    /// <summary>Noisy sum of clamped dwell seconds; null when suppressed.</summary>
    public long? DwellSecondsSum { get; init; }

    public bool Suppressed { get; init; }

    /// <summary>Mean dwell derived from the noisy sum and the noisy count (post-processing: costs no budget); null when not meaningful.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? MeanDwellSeconds => Visitors is > 0 && DwellSecondsSum is { } sum ? Math.Max(0, sum) / (double)Visitors.Value : null;

    /// <summary>True when the window was cut by a restart or a key rotation and counts only part of it.</summary>
    public bool Partial { get; init; }
}
