namespace Edge.Simulator.Store;

/// <summary>An MQTT publish the simulated scanners would make, at simulated time <see cref="Timestamp"/>.</summary>
public readonly record struct SimulatedMessage(DateTimeOffset Timestamp, string Topic, byte[] Payload, bool Retain = false);
