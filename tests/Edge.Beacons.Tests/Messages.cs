using System.Text;

namespace Edge.Beacons.Tests;

/// <summary>Scanner messages as OpenMQTTGateway and ESPresense publish them.</summary>
internal static class Messages
{
    public static (string Topic, byte[] Payload) OpenMqttGateway(string gateway, string mac, int rssi, string? extraFields = null)
    {
        var json = $$"""{"id":"{{mac}}","mac_type":1,"rssi":{{rssi}}{{(extraFields is null ? "" : "," + extraFields)}}}""";
        return ($"home/{gateway}/BTtoMQTT/{mac.Replace(":", "", StringComparison.Ordinal)}", Encoding.UTF8.GetBytes(json));
    }

    public static (string Topic, byte[] Payload) Espresense(string room, string id, string mac, int rssi, double? distance = null)
    {
        var json = $$"""{"id":"{{id}}","rssi@1m":-59,"rssi":{{rssi}}{{(distance is { } d ? $",\"distance\":{d.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}},"mac":"{{mac}}","interval":1000}""";
        return ($"espresense/devices/{id.Replace(':', '-')}/{room}", Encoding.UTF8.GetBytes(json));
    }
}
