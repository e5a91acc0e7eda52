namespace Edge.Ingest.Fleet;

/// <summary>The registry file's content.</summary>
public sealed record DeviceRegistryDocument(IReadOnlyList<DeviceRecord> Devices);
