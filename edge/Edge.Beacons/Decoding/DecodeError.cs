namespace Edge.Beacons.Decoding;

/// <summary>Why a frame was rejected as malformed. <see cref="None"/> means it decoded.</summary>
internal enum DecodeError
{
    None,
    Empty,
    AdStructureOverrun,
    AdStructureMissingType,
    ManufacturerDataTooShort,
    IBeaconLength,
    AltBeaconLength,
    ServiceDataTooShort,
    EddystoneUidLength,
    EddystoneUidReservedNotZero,
    EddystoneUrlLength,
    EddystoneUrlScheme,
    EddystoneUrlReservedCode,
    EddystoneTlmLength,
    EddystoneTlmVersion,
    EddystoneEidLength,
    EddystoneFrameTypeReserved,
    HciTooShort,
    HciNotAnEvent,
    HciNotLeMetaEvent,
    HciNotAdvertisingReport,
    HciLengthMismatch,
    HciNoReports,
    HciReportTruncated,
    HciDataTooLong,
}
