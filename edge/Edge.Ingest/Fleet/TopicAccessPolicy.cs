namespace Edge.Ingest.Fleet;

/// <summary>
/// Deny-by-default topic rules for an authenticated device <c>D</c>. It may publish under <c>devices/D/</c>; as a
/// Sparkplug edge node named <c>D</c>, its own node and device messages; and as a BLE scanner named <c>D</c>, its
/// OpenMQTTGateway (<c>home/D/BTtoMQTT/..</c>, <c>home/D/LWT</c>) or ESPresense (<c>espresense/devices/../D</c>,
/// <c>espresense/rooms/D/status|telemetry</c>) messages. It may subscribe only to <c>devices/D/commands</c>, its own
/// Sparkplug command topics, the host application STATE topics, and, as an ESPresense node, its own room's settings.
/// Everything else is refused.
/// </summary>
public static class TopicAccessPolicy
{
    public const string DevicesPrefix = "devices/";
    public const string SparkplugNamespace = "spBv1.0";
    private const string OpenMqttGatewayRoot = "home";
    private const string EspresenseRoot = "espresense";

    public static bool CanPublish(string deviceId, string topic)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        if (topic.StartsWith(DevicesPrefix, StringComparison.Ordinal))
        {
            var rest = topic.AsSpan(DevicesPrefix.Length);
            return rest.StartsWith(deviceId, StringComparison.Ordinal)
                && rest.Length > deviceId.Length + 1
                && rest[deviceId.Length] == '/';
        }

        var parts = topic.Split('/');
        if (IsOwnScannerTopic(deviceId, parts))
        {
            return true;
        }

        if (parts.Length is < 4 or > 5 || parts[0] != SparkplugNamespace || parts[1].Length == 0 || parts[3] != deviceId)
        {
            return false;
        }

        return parts.Length == 4
            ? parts[2] is "NBIRTH" or "NDATA" or "NDEATH"
            : parts[2] is "DBIRTH" or "DDATA" or "DDEATH" && parts[4].Length > 0;
    }

    public static bool CanSubscribe(string deviceId, string filter)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter == DevicesPrefix + deviceId + "/commands")
        {
            return true;
        }

        var parts = filter.Split('/');
        if (parts is [EspresenseRoot, "rooms", var room, _, ..] && room == deviceId && !filter.Contains('#', StringComparison.Ordinal))
        {
            return true;
        }

        if (parts.Length < 3 || parts[0] != SparkplugNamespace || filter.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        if (parts is [_, "STATE", var host] && host.Length > 0)
        {
            return true;
        }

        return parts switch
        {
            [_, var group, "NCMD", var node] => group.Length > 0 && node == deviceId,
            [_, var group, "DCMD", var node, var device] => group.Length > 0 && node == deviceId && device.Length > 0,
            _ => false,
        };
    }

    /// <summary>The device a topic speaks for: <c>devices/&lt;id&gt;/...</c> or a Sparkplug edge node; null for any other topic.</summary>
    public static string? DeviceIdOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.StartsWith(DevicesPrefix, StringComparison.Ordinal))
        {
            var end = topic.IndexOf('/', DevicesPrefix.Length);
            return end > DevicesPrefix.Length ? topic[DevicesPrefix.Length..end] : null;
        }

        var parts = topic.Split('/', 5);
        return parts switch
        {
            [SparkplugNamespace, _, _, var node, ..] when node.Length > 0 => node,
            [OpenMqttGatewayRoot, var scanner, ..] when scanner.Length > 0 => scanner,
            [EspresenseRoot, "devices", _, var room] when room.Length > 0 => room,
            [EspresenseRoot, "rooms", var room, ..] when room.Length > 0 => room,
            _ => null,
        };
    }

    /// <summary>A scanner's own sighting and status topics, in the two formats the beacons capability reads.</summary>
    private static bool IsOwnScannerTopic(string deviceId, string[] parts) => parts switch
    {
        [OpenMqttGatewayRoot, var scanner, "BTtoMQTT", var address] => scanner == deviceId && address.Length > 0,
        [OpenMqttGatewayRoot, var scanner, "LWT"] => scanner == deviceId,
        [EspresenseRoot, "devices", var device, var room] => room == deviceId && device.Length > 0,
        [EspresenseRoot, "rooms", var room, "status" or "telemetry"] => room == deviceId,
        _ => false,
    };
}
