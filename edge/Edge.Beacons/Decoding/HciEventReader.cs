namespace Edge.Beacons.Decoding;

/// <summary>
/// Reads an HCI LE Meta event as a btmon or <c>hcidump -R</c> capture shows it: an optional packet indicator 0x04,
/// event code 0x3E, parameter length, subevent code, number of reports, then the reports (Core Specification Vol 4,
/// Part E, 7.7.65.2 for legacy reports, 7.7.65.13 for extended ones). <see cref="Open"/> checks every report's bounds
/// up front, so enumeration cannot fail half-way.
/// </summary>
internal ref struct HciEventReader
{
    public const byte EventIndicator = 0x04;
    public const byte LeMetaEvent = 0x3E;
    public const byte LegacyAdvertisingReport = 0x02;
    public const byte ExtendedAdvertisingReport = 0x0D;

    // Legacy report: event type, address type, address (6), data length, data, RSSI. Data is at most 31 bytes.
    private const int LegacyHeaderBytes = 1 + 1 + 6 + 1;
    private const int LegacyMaximumData = 31;

    // Extended report: event type (2), address type, address (6), primary PHY, secondary PHY, SID, Tx power, RSSI,
    // periodic interval (2), direct address type, direct address (6), data length, data (at most 229 in one event).
    private const int ExtendedHeaderBytes = 2 + 1 + 6 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 6 + 1;
    private const int ExtendedMaximumData = 229;
    private const sbyte RssiNotAvailable = 127;

    private ReadOnlySpan<byte> _remaining;
    private int _left;

    private HciEventReader(ReadOnlySpan<byte> reports, int count, bool extended)
    {
        _remaining = reports;
        _left = count;
        IsExtended = extended;
        ReportCount = count;
        Current = default;
    }

    public bool IsExtended { get; }

    public int ReportCount { get; }

    public HciAdvertisingReport Current { get; private set; }

    public readonly HciEventReader GetEnumerator() => this;

    public static DecodeError Open(ReadOnlySpan<byte> packet, out HciEventReader reader)
    {
        reader = default;
        if (packet.Length >= 1 && packet[0] == EventIndicator)
        {
            packet = packet[1..];
        }
        else if (packet.Length >= 1 && packet[0] != LeMetaEvent)
        {
            return packet[0] is 0x01 or 0x02 or 0x03 or 0x05 ? DecodeError.HciNotAnEvent : DecodeError.HciNotLeMetaEvent;
        }

        if (packet.Length < 2)
        {
            return DecodeError.HciTooShort;
        }

        if (packet[0] != LeMetaEvent)
        {
            return DecodeError.HciNotLeMetaEvent;
        }

        var parameters = packet[2..];
        if (parameters.Length != packet[1])
        {
            return DecodeError.HciLengthMismatch;
        }

        if (parameters.Length < 2)
        {
            return parameters.Length == 1 && parameters[0] is not (LegacyAdvertisingReport or ExtendedAdvertisingReport)
                ? DecodeError.HciNotAdvertisingReport
                : DecodeError.HciTooShort;
        }

        var extended = parameters[0] switch
        {
            LegacyAdvertisingReport => false,
            ExtendedAdvertisingReport => true,
            _ => (bool?)null,
        };
        if (extended is null)
        {
            return DecodeError.HciNotAdvertisingReport;
        }

        int count = parameters[1];
        if (count == 0)
        {
            return DecodeError.HciNoReports;
        }

        var reports = parameters[2..];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var error = MeasureReport(reports[offset..], extended.Value, out var size);
            if (error != DecodeError.None)
            {
                return error;
            }

            offset += size;
        }

        if (offset != reports.Length)
        {
            return DecodeError.HciLengthMismatch;
        }

        reader = new HciEventReader(reports, count, extended.Value);
        return DecodeError.None;
    }

    public bool MoveNext()
    {
        if (_left == 0)
        {
            return false;
        }

        _left--;
        MeasureReport(_remaining, IsExtended, out var size);
        var report = _remaining[..size];
        _remaining = _remaining[size..];
        if (IsExtended)
        {
            var rssi = unchecked((sbyte)report[13]);
            Current = new HciAdvertisingReport(
                report[0] | (report[1] << 8),
                report[2],
                report.Slice(3, 6),
                rssi == RssiNotAvailable ? null : rssi,
                report[ExtendedHeaderBytes..]);
        }
        else
        {
            var rssi = unchecked((sbyte)report[^1]);
            Current = new HciAdvertisingReport(
                report[0],
                report[1],
                report.Slice(2, 6),
                rssi == RssiNotAvailable ? null : rssi,
                report[LegacyHeaderBytes..^1]);
        }

        return true;
    }

    private static DecodeError MeasureReport(ReadOnlySpan<byte> bytes, bool extended, out int size)
    {
        size = 0;
        var header = extended ? ExtendedHeaderBytes : LegacyHeaderBytes;
        if (bytes.Length < header)
        {
            return DecodeError.HciReportTruncated;
        }

        int dataLength = bytes[header - 1];
        if (dataLength > (extended ? ExtendedMaximumData : LegacyMaximumData))
        {
            return DecodeError.HciDataTooLong;
        }

        size = header + dataLength + (extended ? 0 : 1);
        return bytes.Length < size ? DecodeError.HciReportTruncated : DecodeError.None;
    }
}
