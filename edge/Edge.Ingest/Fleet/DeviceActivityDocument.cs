namespace Edge.Ingest.Fleet;

/// <summary>The activity file the running gateway writes for <c>devices list</c>.</summary>
public sealed record DeviceActivityDocument(DateTimeOffset WrittenAt, IReadOnlyList<DeviceActivitySnapshot> Devices);
