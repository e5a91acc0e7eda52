using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Simulator.Plant;

/// <summary>
/// A simulated plant: each machine is its own MQTT client (as a real device would be) publishing JSON telemetry at QoS 1
/// to <c>devices/&lt;machine&gt;/telemetry</c>. The machines run the same physics as <see cref="PlantHistoryGenerator"/>;
/// at each publish a machine advances to the plant time of that moment (<see cref="PlantTime"/>: start + elapsed x
/// <see cref="PlantSimulatorOptions.ClockScale"/>), so a gateway window of one plant hour averages the same quantities
/// as an hourly history row. A machine down for repair or maintenance publishes nothing. Every event lands in
/// <see cref="GroundTruth"/>.
/// </summary>
public sealed class PlantSimulator
{
    private readonly PlantSimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private long _published;

    public PlantSimulator(PlantSimulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClockScale, 0);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Start = _timeProvider.GetUtcNow();
        Machines = [.. Enumerable.Range(0, options.Machines)
            .Select(i => new PlantMachine(PlantSimulatorOptions.MachineId(i), PlantRandom.MachineSeed(options.Seed, i), Start))];
        var worn = (int)Math.Round(options.WornAtStart * options.Machines);
        for (var i = 0; i < worn; i++)
        {
            // Spread over the fleet (every other machine at 0.5), not the first ones only.
            Machines[(int)((long)i * options.Machines / worn)].WearOneComponent();
        }
    }

    public IReadOnlyList<PlantMachine> Machines { get; }

    /// <summary>Wall-clock start, which is also plant time zero's wall time: plant time = Start + elapsed x scale.</summary>
    public DateTimeOffset Start { get; }

    public PlantGroundTruth GroundTruth { get; } = new();

    /// <summary>The plant time of a wall-clock instant.</summary>
    public DateTimeOffset PlantTime(DateTimeOffset wallClock) => Start + ((wallClock - Start) * _options.ClockScale);

    /// <summary>
    /// Advances <paramref name="machine"/> to the plant time of now and returns the readings to publish (null while it is
    /// down). Records its events in <see cref="GroundTruth"/>. Tests call it directly; <see cref="RunAsync"/> per publish.
    /// One caller per machine at a time (each machine has its own publishing task).
    /// </summary>
    public IReadOnlyDictionary<string, double>? Advance(PlantMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var step = PlantTime(_timeProvider.GetUtcNow()) - machine.Now;
        if (step <= TimeSpan.Zero)
        {
            return null;
        }

        // A stalled publisher (broker away for minutes) catches up in steps of at most an hour, as the history does.
        var events = new List<PlantEvent>();
        var values = new double[PlantSensors.All.Count];
        var hour = TimeSpan.FromHours(1);
        for (; step > hour; step -= hour)
        {
            machine.Step(hour, values, events);
        }

        var reading = machine.Step(step, values, events);

        foreach (var plantEvent in events)
        {
            GroundTruth.Record(plantEvent);
        }

        if (!reading.Running)
        {
            return null;
        }

        var readings = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                readings[PlantSensors.All[i]] = values[i];
            }
        }

        return readings;
    }

    public long Published => Interlocked.Read(ref _published);

    public IEnumerable<string> MachineIds => Machines.Select(machine => machine.MachineId);

    /// <summary>Runs every machine until cancelled; a machine whose broker is away reconnects with backoff.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Machines.Select(machine => RunMachineAsync(machine, cancellationToken)));

    /// <summary>JSON telemetry of one step, as a device would send it.</summary>
    public static byte[] Payload(PlantMachine machine, IReadOnlyDictionary<string, double> readings, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(readings);
        using var stream = new MemoryStream(160);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("machineId", machine.MachineId);
            writer.WriteString("timestamp", timestamp);
            writer.WriteNumber("sequence", machine.Sequence);
            writer.WriteStartObject("readings");
            foreach (var (sensor, value) in readings)
            {
                writer.WriteNumber(sensor, Math.Round(value, 3));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private async Task RunMachineAsync(PlantMachine machine, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.BrokerHost, _options.BrokerPort)
            .WithClientId($"sim-{machine.MachineId}")
            .Build();
        var topic = $"devices/{machine.MachineId}/telemetry";
        var retry = TimeSpan.FromMilliseconds(200);
        using var timer = new PeriodicTimer(_options.PublishInterval, _timeProvider);
        try
        {
            do
            {
                try
                {
                    if (!client.IsConnected)
                    {
                        await client.ConnectAsync(options, cancellationToken);
                        retry = TimeSpan.FromMilliseconds(200);
                    }

                    var readings = Advance(machine);
                    if (readings is null)
                    {
                        continue;
                    }

                    var message = new MqttApplicationMessageBuilder()
                        .WithTopic(topic)
                        .WithPayload(Payload(machine, readings, _timeProvider.GetUtcNow()))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build();
                    await client.PublishAsync(message, cancellationToken);
                    Interlocked.Increment(ref _published);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    await Task.Delay(retry, _timeProvider, cancellationToken);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        }
    }

}
