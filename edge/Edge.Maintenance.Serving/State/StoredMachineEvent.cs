namespace Edge.Maintenance.Serving.State;

/// <summary>A machine event as the gateway stored it: where it came from (<c>local</c> or <c>cloud</c>) and its cloud id, if any.</summary>
public sealed record StoredMachineEvent(string Machine, DateTimeOffset Timestamp, string Kind, string Detail, string Source, long? CloudId);
