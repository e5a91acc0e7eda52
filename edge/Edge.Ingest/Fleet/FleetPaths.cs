namespace Edge.Ingest.Fleet;

/// <summary>The fleet's files in the gateway data folder, with the objects that own them.</summary>
public sealed record FleetPaths(string RegistryPath, string ActivityPath, DeviceRegistry Registry, DeviceActivity Activity);
