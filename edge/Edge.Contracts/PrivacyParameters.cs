namespace Edge.Contracts;

/// <summary>The differential-privacy parameters a release was made under, shipped with it so the cloud can show them.</summary>
public sealed record PrivacyParameters
{
    public required double EpsilonPerRelease { get; init; }

    public required double EpsilonPerDay { get; init; }

    public required int MaxWindowsPerDevicePerDay { get; init; }

    public required int SuppressBelow { get; init; }

    public required TimeSpan Window { get; init; }

    public required TimeSpan MaxDwell { get; init; }

    /// <summary>Half-width of the 95% interval of a released count's noise.</summary>
    public required long CountNoise95 { get; init; }
}
