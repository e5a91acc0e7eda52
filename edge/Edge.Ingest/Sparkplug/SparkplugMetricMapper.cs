using Edge.Contracts;
using Edge.Ingest.Sparkplug.Protobuf;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Ingest.Sparkplug;

/// <summary>
/// Turns a birth or data payload's metrics into metric states and <see cref="Reading"/>s: resolves aliases (defined at
/// birth), keeps historical values out of the live value, maps node/device to a machine and metric names to sensors.
/// </summary>
internal sealed class SparkplugMetricMapper
{
    private readonly SparkplugOptions _options;
    private readonly HashSet<string> _machines;
    private readonly double _maxAbsoluteValue;

    public SparkplugMetricMapper(SparkplugOptions options, TelemetryOptions telemetry)
    {
        _options = options;
        _machines = new HashSet<string>(telemetry.Machines, StringComparer.Ordinal);
        _maxAbsoluteValue = telemetry.MaxAbsoluteValue;
    }

    public SparkplugRefusal? Apply(
        SparkplugScope scope, Payload payload, bool isBirth, string? machineId, DateTimeOffset now, List<Reading> readings)
    {
        var payloadTime = payload.HasTimestamp ? FromMilliseconds(payload.Timestamp) : now;
        foreach (var metric in payload.Metrics)
        {
            string? name = metric.HasName && metric.Name.Length > 0 ? metric.Name : null;
            if (name is null && metric.HasAlias)
            {
                scope.Aliases.TryGetValue(metric.Alias, out name);
            }

            if (name is null)
            {
                continue;
            }

            if (isBirth && metric.HasAlias)
            {
                scope.Aliases[metric.Alias] = name;
            }

            if (name == "bdSeq" || name.StartsWith("Node Control/", StringComparison.Ordinal))
            {
                continue;
            }

            var timestamp = metric.HasTimestamp ? FromMilliseconds(metric.Timestamp) : payloadTime;
            scope.Metrics.TryGetValue(name, out var previous);
            if (metric.IsHistorical)
            {
                scope.Metrics[name] = (previous ?? new SparkplugMetricState(name, null, null, false, 0)) with
                {
                    HistoricalValues = (previous?.HistoricalValues ?? 0) + 1,
                };
                continue;
            }

            var numeric = SparkplugDecoder.TryGetNumber(metric, out var value);
            scope.Metrics[name] = new SparkplugMetricState(name, numeric ? value : null, timestamp, false, previous?.HistoricalValues ?? 0);
            if (numeric && Math.Abs(value) <= _maxAbsoluteValue && machineId is not null && SensorNameOf(scope, name) is { } sensor)
            {
                readings.Add(new Reading(machineId, sensor, value, timestamp));
            }
        }

        if (readings.Count > 0 && (machineId is null || !_machines.Contains(machineId)))
        {
            readings.Clear();
            return new SparkplugRefusal(RejectionReason.UnknownMachine, "Sparkplug node/device maps to a machine not configured on this gateway");
        }

        return null;
    }

    public string? MachineIdFor(SparkplugTopic topic)
    {
        if (topic.Device is not null && _options.Machines.TryGetValue($"{topic.Group}/{topic.Node}/{topic.Device}", out var mapped))
        {
            return mapped;
        }

        if (_options.Machines.TryGetValue($"{topic.Group}/{topic.Node}", out mapped))
        {
            return mapped;
        }

        var derived = topic.Device ?? topic.Node;
        return SafeLabel.IsValid(derived, out _) ? derived : null;
    }

    private static string? SensorNameOf(SparkplugScope scope, string metricName)
    {
        if (!scope.Sensors.TryGetValue(metricName, out var sensor))
        {
            sensor = SensorName(metricName);
            scope.Sensors[metricName] = sensor;
        }

        return sensor;
    }

    /// <summary>A metric name as a sensor label: folders become dots, anything else not allowed becomes '_'.</summary>
    internal static string? SensorName(string metricName)
    {
        var chars = new char[Math.Min(metricName.Length, SafeLabel.MaxLength)];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = metricName[i];
            chars[i] = c == '/' ? '.' : char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
        }

        var sensor = new string(chars);
        return SafeLabel.IsValid(sensor, out _) ? sensor : null;
    }

    private static DateTimeOffset FromMilliseconds(ulong milliseconds) =>
        milliseconds <= 253_402_300_799_999UL ? DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds) : DateTimeOffset.MaxValue;
}
