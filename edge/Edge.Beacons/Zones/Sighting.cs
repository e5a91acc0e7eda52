using Edge.Privacy;

namespace Edge.Beacons.Zones;

/// <summary>
/// One de-duplicated sighting of a person's device after the seam: a pseudonym, never an address or payload.
/// <paramref name="DeviceClass"/> is the advertisement's company id (or -1): coarse, shared by millions of devices,
/// used only to avoid linking an iPhone's new address to an Android phone's old one.
/// </summary>
internal readonly record struct Sighting(Pseudonym Device, int ZoneIndex, int Rssi, DateTimeOffset Timestamp, int DeviceClass);
