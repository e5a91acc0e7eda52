using System.Security.Cryptography;
using Edge.Beacons.Decoding;

namespace Edge.Beacons.Inputs;

/// <summary>The Pi's own radio: HCI LE Advertising Report events, each report becoming one observation at the seam.</summary>
internal static class HciAdapter
{
    /// <summary>Hands every report of the event to the gate; returns how many, or -1 when the event is not a usable report.</summary>
    public static int Handle(ReadOnlySpan<byte> packet, int scannerIndex, DateTimeOffset now, SightingGate gate)
    {
        if (HciEventReader.Open(packet, out var reader) != DecodeError.None)
        {
            return -1;
        }

        Span<byte> address = stackalloc byte[6];
        var handled = 0;
        try
        {
            foreach (var report in reader)
            {
                if (report.Rssi is not { } rssi)
                {
                    continue;
                }

                // HCI carries addresses least significant byte first; the seam takes them most significant first,
                // like the MQTT scanners do, so that one phone heard by both gets one pseudonym.
                for (var i = 0; i < 6; i++)
                {
                    address[i] = report.Address[5 - i];
                }

                var raw = new RawObservation
                {
                    ScannerIndex = scannerIndex,
                    Timestamp = now,
                    Rssi = rssi,
                    Address = address,
                };
                if (!report.Data.IsEmpty && AdvertisementDecoder.DecodeAdvertisingData(report.Data, out var frame) == DecodeError.None)
                {
                    raw.Frame = frame;
                    raw.HasFrame = true;
                }
                else if (!report.Data.IsEmpty)
                {
                    gate.Counters.CountUndecodable();
                }

                gate.Accept(raw);
                handled++;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(address);
        }

        return handled;
    }
}
