namespace Edge.Beacons.Decoding;

/// <summary>What a well-formed advertisement turned out to be.</summary>
internal enum BeaconFormat
{
    Unknown,
    IBeacon,
    AltBeacon,
    EddystoneUid,
    EddystoneUrl,
    EddystoneTlm,
    EddystoneEid,
}
