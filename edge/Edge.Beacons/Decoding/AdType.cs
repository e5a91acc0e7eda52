namespace Edge.Beacons.Decoding;

/// <summary>
/// AD type codes from the Bluetooth Assigned Numbers ("Common Data Types"), as used by the Core Specification
/// Supplement Part A. Only the ones this decoder interprets are named.
/// </summary>
internal static class AdType
{
    public const byte Flags = 0x01;
    public const byte IncompleteServiceUuids16 = 0x02;
    public const byte CompleteServiceUuids16 = 0x03;
    public const byte ShortenedLocalName = 0x08;
    public const byte CompleteLocalName = 0x09;
    public const byte TxPowerLevel = 0x0A;
    public const byte ServiceData16 = 0x16;
    public const byte ManufacturerSpecificData = 0xFF;
}
