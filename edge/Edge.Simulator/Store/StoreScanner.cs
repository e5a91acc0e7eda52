namespace Edge.Simulator.Store;

/// <summary>A BLE scanner node mounted at a point of the floor plan. <see cref="Id"/> is the OpenMQTTGateway name or ESPresense room.</summary>
public sealed record StoreScanner(string Id, string ZoneId, double X, double Y, ScannerFormat Format);
