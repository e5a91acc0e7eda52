namespace Edge.Beacons.Decoding;

/// <summary>Operator-readable reasons for <see cref="DecodeError"/>, stable so that scripts can match them.</summary>
internal static class DecodeErrors
{
    public static string Describe(DecodeError error) => error switch
    {
        DecodeError.None => "none",
        DecodeError.Empty => "empty frame",
        DecodeError.AdStructureOverrun => "AD structure length runs past the end of the data",
        DecodeError.AdStructureMissingType => "AD structure of length 0 followed by non-zero bytes",
        DecodeError.ManufacturerDataTooShort => "manufacturer data shorter than its 2-byte company id",
        DecodeError.IBeaconLength => "iBeacon frame is not 21 bytes after its 0x02 0x15 prefix",
        DecodeError.AltBeaconLength => "AltBeacon frame is not 26 bytes of manufacturer data",
        DecodeError.ServiceDataTooShort => "service data shorter than its 16-bit UUID",
        DecodeError.EddystoneUidLength => "Eddystone-UID frame is not 18 or 20 bytes",
        DecodeError.EddystoneUidReservedNotZero => "Eddystone-UID reserved bytes are not zero",
        DecodeError.EddystoneUrlLength => "Eddystone-URL frame has no scheme or more than 17 URL bytes",
        DecodeError.EddystoneUrlScheme => "Eddystone-URL scheme prefix is not 0x00-0x03",
        DecodeError.EddystoneUrlReservedCode => "Eddystone-URL uses a reserved or non-printable code",
        DecodeError.EddystoneTlmLength => "Eddystone-TLM frame has the wrong length for its version",
        DecodeError.EddystoneTlmVersion => "Eddystone-TLM version is neither 0x00 nor 0x01",
        DecodeError.EddystoneEidLength => "Eddystone-EID frame is not 10 bytes",
        DecodeError.EddystoneFrameTypeReserved => "Eddystone frame type is reserved",
        DecodeError.HciTooShort => "HCI event shorter than its header",
        DecodeError.HciNotAnEvent => "HCI packet is not an event (indicator 0x04)",
        DecodeError.HciNotLeMetaEvent => "HCI event is not an LE Meta event (0x3E)",
        DecodeError.HciNotAdvertisingReport => "LE Meta event is not an advertising report (subevent 0x02 or 0x0D)",
        DecodeError.HciLengthMismatch => "HCI parameter length does not match the bytes present",
        DecodeError.HciNoReports => "advertising report event carries no report",
        DecodeError.HciReportTruncated => "advertising report runs past the end of the event",
        DecodeError.HciDataTooLong => "advertising report data longer than the specification allows",
        _ => "malformed frame",
    };
}
