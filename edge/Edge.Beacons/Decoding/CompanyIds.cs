namespace Edge.Beacons.Decoding;

/// <summary>Company identifiers (Bluetooth Assigned Numbers) that the beacon formats rely on.</summary>
internal static class CompanyIds
{
    /// <summary>Apple, Inc.: owner of the iBeacon manufacturer-data layout.</summary>
    public const ushort Apple = 0x004C;

    /// <summary>Radius Networks: AltBeacon's reference company id (any company may use AltBeacon).</summary>
    public const ushort RadiusNetworks = 0x0118;
}
