namespace Edge.Beacons.Configuration;

/// <summary>
/// One beacon the store owns, identified either by iBeacon/AltBeacon <see cref="Uuid"/> + <see cref="Major"/> +
/// <see cref="Minor"/> or by Eddystone <see cref="Namespace"/> + <see cref="Instance"/> (hex).
/// </summary>
public sealed class StoreBeaconOptions
{
    /// <summary>Operator label shown in health reports (for example <c>entrance-left</c>).</summary>
    public string Name { get; set; } = string.Empty;

    public string? Uuid { get; set; }

    public int? Major { get; set; }

    public int? Minor { get; set; }

    public string? Namespace { get; set; }

    public string? Instance { get; set; }
}
