namespace Edge.Simulator.Store;

/// <summary>
/// A beacon the store owns: iBeacon (<see cref="Uuid"/>, <see cref="Major"/>, <see cref="Minor"/>) or Eddystone-UID
/// (<see cref="Namespace"/>, <see cref="Instance"/>) with TLM frames from the same address.
/// </summary>
public sealed record StoreBeacon(
    string Name,
    double X,
    double Y,
    byte[] Address,
    Guid? Uuid = null,
    int Major = 0,
    int Minor = 0,
    byte[]? Namespace = null,
    byte[]? Instance = null,
    int BatteryMillivolts = 3000)
{
    public bool IsEddystone => Namespace is not null;
}
