using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Edge.Contracts;
using Edge.Maintenance.Data;
using Edge.Maintenance.Serving;
using MQTTnet;
using MQTTnet.Protocol;
using Spectre.Console;

namespace Edge.Tools.Maintenance;

/// <summary>
/// Streams C-MAPSS engines into a running gateway as MQTT devices <c>engine-&lt;unit&gt;</c>, all engines in step, one
/// cycle per gateway window (accelerated time: a cycle every <see cref="CmapssReplayOptions.Window"/>). Publishes a
/// quarter window after each window boundary, so each cycle lands alone in its window. Listens on
/// <c>alerts/#</c> and attributes each alert to the cycle its engine was at.
/// </summary>
internal sealed class CmapssReplay
{
    private readonly CmapssReplayOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentQueue<(int Unit, int Cycle, FailureAlert Alert)> _alerts = new();
    private int[] _currentCycle = [];

    public CmapssReplay(CmapssReplayOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    public static string MachineId(int unit) => string.Create(CultureInfo.InvariantCulture, $"engine-{unit}");

    public async Task<IReadOnlyList<EngineReplayResult>> RunAsync(CancellationToken cancellationToken)
    {
        var engines = Load(_options);
        var truth = _options.Truth is null ? null : CmapssFile.LoadTruth(_options.Truth);
        _currentCycle = new int[engines.Max(e => e.Unit) + 1];
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            var alert = JsonSerializer.Deserialize(args.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.FailureAlert);
            if (alert is not null && alert.MachineId.StartsWith("engine-", StringComparison.Ordinal)
                && int.TryParse(alert.MachineId.AsSpan(7), CultureInfo.InvariantCulture, out var unit) && unit < _currentCycle.Length)
            {
                _alerts.Enqueue((unit, Volatile.Read(ref _currentCycle[unit]), alert));
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(_options.Host, _options.Port).WithClientId("edge-replay").WithCleanSession().Build(), cancellationToken);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("alerts/#").Build(), cancellationToken);

        var longest = engines.Max(e => e.Rows.Count);
        var sequence = 0L;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask($"replaying {engines.Count} engines", maxValue: longest);
            for (var step = 0; step < longest; step++)
            {
                await WaitForSlotAsync(cancellationToken);
                foreach (var engine in engines.Where(e => step < e.Rows.Count))
                {
                    Volatile.Write(ref _currentCycle[engine.Unit], engine.Cycles[step]);
                    var message = new MqttApplicationMessageBuilder()
                        .WithTopic($"devices/{MachineId(engine.Unit)}/telemetry")
                        .WithPayload(Payload(engine, step, ++sequence, _timeProvider.GetUtcNow()))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build();
                    await client.PublishAsync(message, cancellationToken);
                }

                task.Value = step + 1;
            }

            // Let the last windows close and their alerts arrive.
            await Task.Delay(_options.Window * 3, _timeProvider, cancellationToken);
        });

        await client.DisconnectAsync(cancellationToken: cancellationToken);
        return Results(engines, truth);
    }

    public static void WriteGatewayConfig(CmapssReplayOptions options, string path)
    {
        var engines = Load(options);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("Telemetry");
        json.WriteString("Window", options.Window.ToString("c", CultureInfo.InvariantCulture));
        json.WriteStartArray("Machines");
        foreach (var engine in engines)
        {
            json.WriteStringValue(MachineId(engine.Unit));
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("Maintenance");
        json.WriteNumber("RemainingLifeThreshold", options.Threshold);
        json.WriteEndObject();
        json.WriteEndObject();
        AnsiConsole.MarkupLineInterpolated($"Wrote {path}: {engines.Count} machines, window {options.Window}. Start the gateway from that folder with the model in its models folder.");
    }

    public static void Print(IReadOnlyList<EngineReplayResult> results, CmapssReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = new Table().AddColumns("engine", "failure at cycle", "first RUL alert at cycle", "lead time (cycles)", "false alerts", "anomaly alerts");
        foreach (var r in results)
        {
            table.AddRow(
                MachineId(r.Unit),
                r.ReachesFailure ? r.FailureCycle.ToString(CultureInfo.InvariantCulture) : $"{r.FailureCycle} (after data)",
                r.FirstAlertCycle?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.LeadTime?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.FalseAlerts.ToString(CultureInfo.InvariantCulture),
                r.AnomalyAlerts.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        // Engines whose data ends within the alert threshold of failure are the ones an alert should have caught
        // (every engine of a training file; the near-failure ones of a test file).
        var inZone = results.Where(r => r.FailureCycle - r.LastCycle <= options.Threshold).ToList();
        var alerted = inZone.Where(r => r.LeadTime is not null).ToList();
        AnsiConsole.MarkupLineInterpolated(
            $"{results.Count} engines, {results.Count(r => r.ReachesFailure)} run to failure; {inZone.Count} end within {options.Threshold:F0} cycles of failure and {alerted.Count} of those got a remaining-life alert (lead time to failure median {Median(alerted.Select(r => (double)r.LeadTime!.Value)):F0}, min {(alerted.Count > 0 ? alerted.Min(r => r.LeadTime!.Value) : 0)}, max {(alerted.Count > 0 ? alerted.Max(r => r.LeadTime!.Value) : 0)} cycles); {results.Count(r => r.FirstAlertCycle is not null)} engines alerted in all; {results.Sum(r => r.FalseAlerts)} false alerts (opened with true remaining life above {options.Threshold + options.FalseMargin:F0} cycles); {results.Sum(r => r.AnomalyAlerts)} anomaly alerts.");
    }

    private List<EngineReplayResult> Results(IReadOnlyList<CmapssEngine> engines, IReadOnlyList<double>? truth)
    {
        var alerts = _alerts.Where(a => a.Alert.State == AlertSeverities.Open).ToList();
        var results = new List<EngineReplayResult>();
        for (var i = 0; i < engines.Count; i++)
        {
            var engine = engines[i];
            var failure = engine.LastCycle + (truth is null ? 0 : (int)truth[i]);
            var mine = alerts.Where(a => a.Unit == engine.Unit).ToList();
            var remaining = mine.Where(a => a.Alert.AlertKind == AlertKinds.RemainingLifeLow).OrderBy(a => a.Cycle).ToList();
            var falseAlerts = remaining.Count(a => failure - a.Cycle > _options.Threshold + _options.FalseMargin);
            results.Add(new EngineReplayResult(
                engine.Unit,
                engine.LastCycle,
                failure,
                remaining.Count > 0 ? remaining[0].Cycle : null,
                falseAlerts,
                mine.Count(a => a.Alert.AlertKind == AlertKinds.Anomaly)));
        }

        return results;
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var window = _options.Window;
        var now = _timeProvider.GetUtcNow();
        var nextStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero) + window;
        await Task.Delay(nextStart + (window / 4) - now, _timeProvider, cancellationToken);
    }

    private static IReadOnlyList<CmapssEngine> Load(CmapssReplayOptions options)
    {
        var engines = CmapssFile.Load(options.File);
        return options.Engines > 0 ? [.. engines.Take(options.Engines)] : engines;
    }

    private static byte[] Payload(CmapssEngine engine, int step, long sequence, DateTimeOffset timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("machineId", MachineId(engine.Unit));
            json.WriteString("timestamp", timestamp);
            json.WriteNumber("sequence", sequence);
            json.WriteStartObject("readings");
            var row = engine.Rows[step];
            for (var c = 0; c < row.Length; c++)
            {
                json.WriteNumber(CmapssFile.ChannelNames[c], row[c]);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
