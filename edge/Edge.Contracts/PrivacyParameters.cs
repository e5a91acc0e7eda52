namespace Edge.Contracts;

/// <summary>The differential-privacy parameters a release was made under, shipped with it so the cloud can show them.</summary>
public sealed record PrivacyParameters
{
    public required double EpsilonPerRelease { get; init; }

    public required double EpsilonPerDay { get; init; }

    /// <summary>K: a device (one address-epoch) counts in at most this many (zone, window) cells of a day.</summary>
    public required int MaxWindowsPerDevicePerDay { get; init; }

    public required int SuppressBelow { get; init; }

    public required TimeSpan Window { get; init; }

    public required TimeSpan MaxDwell { get; init; }

    /// <summary>Half-width of the 95% interval of a released count's noise.</summary>
    public required long CountNoise95 { get; init; }

    /// <summary>Half-width of the 95% interval of a released dwell sum's noise, in seconds.</summary>
    public long DwellSecondsNoise95 { get; init; }
}
