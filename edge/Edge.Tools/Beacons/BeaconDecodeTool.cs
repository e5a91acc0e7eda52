using System.Text.Json;
using Edge.Beacons.Decoding;

namespace Edge.Tools.Beacons;

/// <summary>
/// <c>beacons decode</c>: one JSON line in (<c>{"hex":"...","layer":"ad"|"hci"|"manufacturer"}</c>), one JSON line
/// out per input, in order. Malformed input lines and frames give <c>{"error":"..."}</c>; nothing throws.
/// </summary>
internal static class BeaconDecodeTool
{
    public static async Task<int> RunAsync(TextReader input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new MemoryStream();
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            buffer.SetLength(0);
            DecodeLine(line, buffer);
            buffer.WriteByte((byte)'\n');
            await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await output.FlushAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>Decodes one input line into one JSON object (no trailing newline).</summary>
    public static void DecodeLine(string line, Stream destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        writer.WriteStartObject();
        if (!TryReadRequest(line, out var hex, out var layer, out var requestError))
        {
            writer.WriteString("error", requestError);
        }
        else if (!TryParseHex(hex, out var bytes))
        {
            writer.WriteString("error", "hex is not an even number of hexadecimal digits");
        }
        else
        {
            switch (layer)
            {
                case "ad":
                    WriteDecoded(writer, AdvertisementDecoder.DecodeAdvertisingData(bytes, out var adFrame), adFrame);
                    break;
                case "manufacturer":
                    WriteDecoded(writer, AdvertisementDecoder.DecodeManufacturerData(bytes, out var mfgFrame), mfgFrame);
                    break;
                case "hci":
                    WriteHci(writer, bytes);
                    break;
                default:
                    writer.WriteString("error", "layer must be \"ad\", \"hci\" or \"manufacturer\"");
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteDecoded(Utf8JsonWriter writer, DecodeError error, in BeaconFrame frame)
    {
        if (error != DecodeError.None)
        {
            writer.WriteString("error", DecodeErrors.Describe(error));
            return;
        }

        BeaconFrameJson.WriteFields(writer, frame);
    }

    private static void WriteHci(Utf8JsonWriter writer, byte[] bytes)
    {
        var error = HciEventReader.Open(bytes, out var reader);
        if (error != DecodeError.None)
        {
            writer.WriteString("error", DecodeErrors.Describe(error));
            return;
        }

        if (reader.ReportCount == 1)
        {
            reader.MoveNext();
            WriteReport(writer, reader.Current);
            return;
        }

        writer.WriteStartArray("reports");
        foreach (var report in reader)
        {
            writer.WriteStartObject();
            WriteReport(writer, report);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteReport(Utf8JsonWriter writer, in HciAdvertisingReport report)
    {
        if (report.Data.IsEmpty)
        {
            writer.WriteString("format", "unknown");
            writer.WriteStartArray("adTypes");
            writer.WriteEndArray();
        }
        else
        {
            var error = AdvertisementDecoder.DecodeAdvertisingData(report.Data, out var frame);
            if (error != DecodeError.None)
            {
                writer.WriteString("error", DecodeErrors.Describe(error));
                return;
            }

            BeaconFrameJson.WriteFields(writer, frame);
        }

        writer.WriteString("mac", BeaconFrameJson.FormatAddress(report.Address));
        writer.WriteString("addressType", report.AddressType switch
        {
            0 => "public",
            1 => "random",
            2 => "public-identity",
            3 => "random-identity",
            _ => "other",
        });
        if (report.Rssi is { } rssi)
        {
            writer.WriteNumber("rssi", rssi);
        }
        else
        {
            writer.WriteNull("rssi");
        }
    }

    private static bool TryReadRequest(string line, out string hex, out string layer, out string error)
    {
        hex = string.Empty;
        layer = "ad";
        error = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "input line is not a JSON object";
                return false;
            }

            if (!document.RootElement.TryGetProperty("hex", out var hexElement) || hexElement.ValueKind != JsonValueKind.String)
            {
                error = "input line has no \"hex\" string";
                return false;
            }

            hex = hexElement.GetString() ?? string.Empty;
            if (document.RootElement.TryGetProperty("layer", out var layerElement))
            {
                if (layerElement.ValueKind != JsonValueKind.String)
                {
                    error = "layer must be \"ad\", \"hci\" or \"manufacturer\"";
                    return false;
                }

                layer = layerElement.GetString() ?? "ad";
            }

            return true;
        }
        catch (JsonException)
        {
            error = "input line is not valid JSON";
            return false;
        }
    }

    /// <summary>Parses hex digits, ignoring spaces, colons and dashes so that hcidump and btmon copies paste as they are.</summary>
    private static bool TryParseHex(string hex, out byte[] bytes)
    {
        Span<char> digits = hex.Length <= 1024 ? stackalloc char[hex.Length] : new char[hex.Length];
        var count = 0;
        foreach (var c in hex)
        {
            if (c is ' ' or ':' or '-' or '\t')
            {
                continue;
            }

            digits[count++] = c;
        }

        bytes = [];
        if (count % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(digits[..count]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
