using Edge.Beacons.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Edge.Beacons.Inputs;

/// <summary>
/// Entry point for scanner messages arriving over MQTT. The embedded broker calls <see cref="TryHandle"/> for every
/// publish; topics of OpenMQTTGateway (<c>home/&lt;gw&gt;/BTtoMQTT/&lt;MAC&gt;</c>, <c>home/&lt;gw&gt;/LWT</c>) and
/// ESPresense (<c>espresense/devices/&lt;id&gt;/&lt;room&gt;</c>, <c>espresense/rooms/&lt;room&gt;/status</c>) are
/// consumed here and nowhere else. Thread-safe; allocation-free for a well-formed sighting from a known scanner.
/// </summary>
internal sealed class BeaconIngest(SightingGate gate, TimeProvider timeProvider, ILogger<BeaconIngest> logger)
{
    private const int MaximumSegments = 6;

    /// <summary>Cheap test of whether a topic is a scanner's, for the broker to decide who consumes a publish.</summary>
    public static bool IsBeaconTopic(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.StartsWith("espresense/devices/", StringComparison.Ordinal))
        {
            return true;
        }

        // Other espresense/rooms/... topics are settings for the nodes: they must still reach their subscribers.
        if (topic.StartsWith("espresense/rooms/", StringComparison.Ordinal))
        {
            return topic.EndsWith("/status", StringComparison.Ordinal) || topic.EndsWith("/telemetry", StringComparison.Ordinal);
        }

        if (!topic.StartsWith("home/", StringComparison.Ordinal))
        {
            return false;
        }

        var text = topic.AsSpan(5);
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var rest = text[(slash + 1)..];
        return rest.SequenceEqual("LWT") ||
            (rest.StartsWith("BTtoMQTT/") && rest.Length > 9 && !rest[9..].Contains('/'));
    }

    /// <summary>True when the topic belongs to a BLE scanner (whether or not its payload was usable).</summary>
    public bool TryHandle(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var text = topic.AsSpan();
        Span<Range> parts = stackalloc Range[MaximumSegments];
        var count = SplitTopic(text, parts);
        if (count < 3)
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var first = text[parts[0]];
        if (count == 4 && text[parts[2]].SequenceEqual("BTtoMQTT"))
        {
            return HandleSighting(text[parts[1]], payload, now, text[parts[3]], espresense: false);
        }

        if (count == 3 && first.SequenceEqual("home") && text[parts[2]].SequenceEqual("LWT"))
        {
            return HandleStatus(text[parts[1]], payload, now);
        }

        if (!first.SequenceEqual("espresense"))
        {
            return false;
        }

        var kind = text[parts[1]];
        if (count == 4 && kind.SequenceEqual("devices"))
        {
            return HandleSighting(text[parts[3]], payload, now, ReadOnlySpan<char>.Empty, espresense: true);
        }

        if (count == 4 && kind.SequenceEqual("rooms") && text[parts[3]].SequenceEqual("status"))
        {
            return HandleStatus(text[parts[2]], payload, now);
        }

        if (count == 4 && kind.SequenceEqual("rooms") && text[parts[3]].SequenceEqual("telemetry"))
        {
            // A node's periodic telemetry: proof of life only.
            gate.Scanners.Touch(text[parts[2]], now);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Splits at '/' into at most <paramref name="parts"/>.Length ranges, the last taking the rest (as
    /// <see cref="MemoryExtensions.Split(ReadOnlySpan{char}, Span{Range}, char, StringSplitOptions)"/> does, without its
    /// separator list: this runs for every scanner message).
    /// </summary>
    internal static int SplitTopic(ReadOnlySpan<char> text, Span<Range> parts)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var slash = count == parts.Length - 1 ? -1 : text[start..].IndexOf('/');
            if (slash < 0)
            {
                parts[count++] = start..text.Length;
                return count;
            }

            parts[count++] = start..(start + slash);
            start += slash + 1;
        }
    }

    private bool HandleSighting(ReadOnlySpan<char> scanner, ReadOnlySpan<byte> payload, DateTimeOffset now, ReadOnlySpan<char> topicAddress, bool espresense)
    {
        var counters = gate.Counters;
        counters.CountMessage();
        var index = gate.Scanners.Touch(scanner, now);
        if (index < 0)
        {
            if (counters.UnknownScanner == 0)
            {
                var scannerId = scanner.ToString();
                BeaconLog.UnknownScanner(logger, scannerId);
            }

            counters.CountUnknownScanner();
            counters.CountHandled();
            return true;
        }

        var parsed = espresense
            ? EspresenseAdapter.Handle(index, payload, now, gate)
            : OpenMqttGatewayAdapter.Handle(topicAddress, index, payload, now, gate);
        if (!parsed)
        {
            counters.CountMalformed();
            var scannerId = gate.Scanners.ScannerIdOf(index);
            BeaconLog.MalformedMessage(logger, scannerId, counters.MalformedMessages);
        }

        counters.CountHandled();
        return true;
    }

    private bool HandleStatus(ReadOnlySpan<char> scanner, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        var trimmed = payload.Trim((byte)' ').Trim((byte)'"');
        bool online;
        if (trimmed.SequenceEqual("online"u8))
        {
            online = true;
        }
        else if (trimmed.SequenceEqual("offline"u8))
        {
            online = false;
        }
        else
        {
            return true;
        }

        gate.Scanners.SetStatus(scanner, online, now);
        return true;
    }
}
