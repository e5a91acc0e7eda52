using System.Globalization;

namespace Edge.Ingest.Tests.Fleet;

internal static class Payloads
{
    public static string Single(long sequence, double temperature, string machineId = "press-01") => string.Create(
        CultureInfo.InvariantCulture,
        $$$"""{"machineId":"{{{machineId}}}","timestamp":"2026-11-29T14:00:00Z","sequence":{{{sequence}}},"readings":{"temperature":{{{temperature}}},"vibration":2.1}}""");
}
