using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Simulator.Plant;

/// <summary>
/// A simulated plant: each machine is its own MQTT client (as a real device would be) publishing JSON telemetry at QoS 1
/// to <c>devices/&lt;machine&gt;/telemetry</c>.
/// </summary>
public sealed class PlantSimulator
{
    private readonly PlantSimulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private long _published;

    public PlantSimulator(PlantSimulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Machines = [.. Enumerable.Range(0, options.Machines)
            .Select(i => new SimulatedMachine(PlantSimulatorOptions.MachineId(i), options.Seed + i, options.WearPerStep))];
    }

    public IReadOnlyList<SimulatedMachine> Machines { get; }

    public long Published => Interlocked.Read(ref _published);

    public IEnumerable<string> MachineIds => Machines.Select(machine => machine.MachineId);

    /// <summary>Runs every machine until cancelled; a machine whose broker is away reconnects with backoff.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Machines.Select(machine => RunMachineAsync(machine, cancellationToken)));

    /// <summary>JSON telemetry of one step, as a device would send it.</summary>
    public static byte[] Payload(SimulatedMachine machine, IReadOnlyDictionary<string, double> readings, DateTimeOffset timestamp)
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

    private async Task RunMachineAsync(SimulatedMachine machine, CancellationToken cancellationToken)
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

                    var readings = machine.Step();
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
